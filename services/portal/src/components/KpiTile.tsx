import type { Benchmark, Card } from '../api/types';
import { formatCount, formatDate, formatGrowth, formatPercentile, formatRate } from '../format';
import { cohortText } from '../wording';

type Metrics = NonNullable<Card['metrics']>;
type Withheld = NonNullable<NonNullable<Metrics['benchmarksWithheld']>['engagementRate']>;
type Window = Metrics['window'];

export interface Kpi {
  key: string;
  label: string;
  value: string;
  /** What the figure is counted over, where the tiles differ (the section's line says the rest). */
  window: string;
  /** Where the creator stands among comparable creators, or why that is not shown. */
  benchmark?: string;
}

/** The videos the video figures count: the 30 most recent, or those posted in the last N days. */
function videosOf(window: Window): string {
  return window === 'last30v' ? 'last 30 videos' : `videos of the last ${window.replace('d', ' days')}`;
}

/** Follower growth compares with the count N days back: 30 for `last30v` (as TikTok does), else the window's days. */
export function growthDays(window: Window): number {
  return window === 'last30v' ? 30 : Number.parseInt(window, 10);
}

function benchmarkText(b: Benchmark | undefined, withheld: Withheld | undefined): string | undefined {
  if (b) return `${formatPercentile(b.percentile)} of ${b.cohort.size} ${cohortText(b.cohort)}; median ${formatRate(b.p50)}`;
  if (withheld) {
    const n = withheld.cohort.size;
    return `No comparison: only ${n} ${n === 1 ? 'creator' : 'creators'} in this group (${cohortText(withheld.cohort)}); it needs ${withheld.minimumSize}`;
  }
  return undefined;
}

/** The card's KPI tiles, formatted, each saying its window and (when there is one) its benchmark. */
export function kpis(m: Metrics): Kpi[] {
  const videos = videosOf(m.window);
  const bench = (k: 'engagementRate' | 'sixSecondViewRate' | 'completionRate') => benchmarkText(m.benchmarks?.[k], m.benchmarksWithheld?.[k]);
  return [
    { key: 'followers', label: 'Followers', value: formatCount(m.followers), window: 'latest count' },
    { key: 'growth', label: 'Follower growth', value: formatGrowth(m.followerGrowthRate), window: `last ${growthDays(m.window)} days` },
    { key: 'avgViews', label: 'Average views', value: formatCount(m.avgViews), window: videos },
    { key: 'engagementRate', label: 'Engagement rate', value: formatRate(m.engagementRate), window: videos, benchmark: bench('engagementRate') },
    { key: 'sixSecondViewRate', label: '6-second view rate', value: formatRate(m.sixSecondViewRate, 1), window: videos, benchmark: bench('sixSecondViewRate') },
    { key: 'completionRate', label: 'Completion rate', value: formatRate(m.completionRate, 1), window: videos, benchmark: bench('completionRate') },
  ];
}

/** Where the section's numbers come from, said once under the tiles. */
export function provenanceText(m: Metrics): string {
  const p = m.provenance;
  const span = p.from ? ` posted ${formatDate(p.from)} to ${formatDate(p.to)}` : '';
  const videos = `${p.videosCounted} ${p.videosCounted === 1 ? 'video' : 'videos'}${span}, ${p.observationsCounted} ${p.observationsCounted === 1 ? 'observation' : 'observations'}`;
  return `Video figures: ${videosOf(m.window)} (${videos}); each video counts its latest observation. Follower growth compares with the count ${growthDays(m.window)} days earlier. Formula ${p.formulaVersion}; as of ${formatDate(m.asOf)}.`;
}

export function KpiTiles({ metrics }: { metrics: Metrics }) {
  return (
    <ul className="kpis">
      {kpis(metrics).map((k) => (
        <li key={k.key} className="kpi">
          <span className="kpi-label">{k.label}</span>
          <span className="kpi-value">{k.value}</span>
          <span className="kpi-window">{k.window}</span>
          {k.benchmark && <span className="kpi-bench">{k.benchmark}</span>}
        </li>
      ))}
    </ul>
  );
}

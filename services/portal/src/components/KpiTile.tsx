import type { Card } from '../api/types';
import { formatCount, formatDate, formatGrowth, formatPercentile, formatRate } from '../format';

type Metrics = NonNullable<Card['metrics']>;
type Benchmark = NonNullable<NonNullable<Metrics['benchmarks']>['engagementRate']>;

export interface Kpi {
  key: string;
  label: string;
  value: string;
  benchmark?: string;
  provenance: string;
}

/** Where a number comes from, as the hover text of its tile. */
export function provenanceText(m: Metrics): string {
  const p = m.provenance;
  const window = m.window === 'last30v' ? 'last 30 videos' : `last ${m.window}`;
  return `${window}; ${p.videosCounted} videos, ${p.observationsCounted} observations from ${formatDate(p.from)} to ${formatDate(p.to)}; formula ${p.formulaVersion}; as of ${formatDate(m.asOf)}`;
}

const bench = (b: Benchmark | undefined) => (b ? `${formatPercentile(b.percentile)} of ${b.cohort.size} creators (${b.cohort.followerBand}${b.cohort.category ? `, ${b.cohort.category}` : ''}); median ${formatRate(b.p50)}` : undefined);

/** The card's KPI tiles, formatted, each with its provenance and (when known) benchmark. */
export function kpis(m: Metrics): Kpi[] {
  const provenance = provenanceText(m);
  return [
    { key: 'followers', label: 'Followers', value: formatCount(m.followers), provenance },
    { key: 'growth', label: 'Follower growth', value: formatGrowth(m.followerGrowthRate), provenance },
    { key: 'avgViews', label: 'Average views', value: formatCount(m.avgViews), provenance },
    { key: 'engagementRate', label: 'Engagement rate', value: formatRate(m.engagementRate), benchmark: bench(m.benchmarks?.engagementRate), provenance },
    { key: 'sixSecondViewRate', label: '6-second view rate', value: formatRate(m.sixSecondViewRate, 1), benchmark: bench(m.benchmarks?.sixSecondViewRate), provenance },
    { key: 'completionRate', label: 'Completion rate', value: formatRate(m.completionRate, 1), benchmark: bench(m.benchmarks?.completionRate), provenance },
  ];
}

export function KpiTiles({ metrics }: { metrics: Metrics }) {
  return (
    <ul className="kpis">
      {kpis(metrics).map((k) => (
        <li key={k.key} className="kpi" title={k.provenance} tabIndex={0} aria-describedby={`kpi-${k.key}-src`}>
          <span className="kpi-label">{k.label}</span>
          <span className="kpi-value">{k.value}</span>
          {k.benchmark && <span className="kpi-bench">{k.benchmark}</span>}
          <span className="sr-only" id={`kpi-${k.key}-src`}>
            Source: {k.provenance}
          </span>
        </li>
      ))}
    </ul>
  );
}

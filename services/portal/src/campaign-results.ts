import type { SharedReport } from './api/types';
import { formatCount, formatDateTime, formatMoney, formatRate } from './format';
import type { Tile } from './performance';

/** The campaign's results or the shared report: the same figures, the shared one without ids. */
type Results = SharedReport;

/**
 * The campaign as tiles: money first (what the budget is bound to and what is left), then what
 * the verified videos did for it. A figure whose service did not answer says so.
 */
export function resultTiles(r: Results): Tile[] {
  const unavailable = (part: 'payments' | 'metrics') => (r.provenance.degraded.includes(part) ? 'not available right now' : null);
  const counted = `${r.provenance.videosCounted} verified ${r.provenance.videosCounted === 1 ? 'video' : 'videos'}`;
  const over = r.remaining && r.remaining.amount < 0;
  return [
    { key: 'budget', label: 'Budget', value: formatMoney(r.budget), hint: `${r.creators.length} ${r.creators.length === 1 ? 'deal' : 'deals'}` },
    { key: 'committed', label: 'Committed', value: formatMoney(r.committed), hint: unavailable('payments') ?? 'accepted deals, settlements for cancelled ones' },
    { key: 'paid', label: 'Paid', value: formatMoney(r.paid), hint: unavailable('payments') ?? 'payments marked paid' },
    { key: 'remaining', label: 'Remaining', value: formatMoney(r.remaining), hint: unavailable('payments') ?? (over ? 'over budget' : 'budget not committed') },
    { key: 'views', label: 'Views', value: r.views === null ? '—' : formatCount(r.views), hint: unavailable('metrics') ?? counted },
    { key: 'engagementRate', label: 'Engagement rate', value: formatRate(r.engagementRate), hint: unavailable('metrics') ?? `${formatCount(r.engagements ?? 0)} engagements` },
    { key: 'cpm', label: 'CPM', value: formatMoney(r.cpm), hint: unavailable('metrics') ?? (r.cpm ? 'committed per thousand views' : 'once a verified video is observed') },
    { key: 'cpe', label: 'CPE', value: formatMoney(r.cpe), hint: unavailable('metrics') ?? (r.cpe ? 'committed per engagement' : 'once a verified video is observed') },
  ];
}

/** Where the numbers come from, under the tiles. */
export function resultsProvenance(r: Results): string {
  const p = r.provenance;
  const waiting = p.videosNotCounted ? `, ${p.videosNotCounted} approved ${p.videosNotCounted === 1 ? 'video' : 'videos'} not counted` : '';
  return `${p.videosCounted} verified ${p.videosCounted === 1 ? 'video' : 'videos'}${waiting}, ${p.observationsCounted} ${p.observationsCounted === 1 ? 'observation' : 'observations'}; views as of ${formatDateTime(p.asOf)}${p.formulaVersion ? `; formula ${p.formulaVersion}` : ''}`;
}

/** Views per creator for the chart, largest first (a creator with several deals adds up). */
export function viewsByCreator(r: Results): { name: string; value: number }[] {
  const views = new Map<string, number>();
  for (const c of r.creators) {
    const name = creatorLabel(c);
    views.set(name, (views.get(name) ?? 0) + (c.views ?? 0));
  }
  return [...views].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value);
}

/** Views over time for the chart: one line per creator (a creator's deals add up), one row per day. */
export interface ViewsOverTime {
  names: string[];
  rows: ({ day: string } & Record<string, number | string>)[];
}

/**
 * The creators' daily views on one time axis: every day any deal has a point on, each deal's
 * figure carried forward from its last point (0 before its first), summed per creator.
 */
export function viewsOverTimeByCreator(r: Results): ViewsOverTime {
  const days = [...new Set(r.creators.flatMap((c) => c.viewsOverTime.map((p) => p.day)))].sort();
  const names = [...new Set(r.creators.filter((c) => c.viewsOverTime.length).map((c) => creatorLabel(c)))];
  const rows = days.map((day) => {
    const row: { day: string } & Record<string, number | string> = { day };
    for (const name of names) row[name] = 0;
    for (const c of r.creators) {
      let last = 0;
      for (const p of c.viewsOverTime) if (p.day <= day) last = p.views;
      if (c.viewsOverTime.length) row[creatorLabel(c)] = (row[creatorLabel(c)] as number) + last;
    }
    return row;
  });
  return { names, rows };
}

const creatorLabel = (c: Results['creators'][number]) => c.displayName ?? (c.handle ? `@${c.handle}` : 'A creator');

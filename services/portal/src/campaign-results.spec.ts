import { describe, expect, it } from '@jest/globals';
import type { SharedReport } from './api/types';
import { resultsProvenance, resultTiles, viewsByCreator, viewsOverTimeByCreator } from './campaign-results';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const row = (displayName: string, views: number): SharedReport['creators'][number] => ({
  displayName,
  handle: null,
  status: 'approved',
  price: usd(150_000),
  committed: usd(150_000),
  paid: usd(0),
  views,
  engagements: views / 20,
  engagementRate: 0.05,
  cpm: null,
  cpe: null,
  viewsOverTime: [],
  videos: [],
});
const results: SharedReport = {
  name: 'Winter',
  brandName: 'Brand',
  startsAt: '2026-12-01T00:00:00.000Z',
  endsAt: '2026-12-31T00:00:00.000Z',
  budget: usd(1_000_000),
  committed: usd(400_000),
  paid: usd(120_000),
  remaining: usd(600_000),
  views: 100_000,
  engagements: 5_000,
  engagementRate: 0.05,
  cpm: usd(4_000),
  cpe: usd(80),
  creators: [row('Noah Berg', 40_000), row('Mia Torres', 60_000)],
  provenance: { asOf: '2026-12-04T09:00:00.000Z', videosCounted: 2, videosNotCounted: 1, observationsCounted: 7, formulaVersion: 'kpi-2026.11.1', generatedAt: '2026-12-04T09:01:00.000Z', degraded: [] },
};

describe('campaign results formatting', () => {
  it('shows money in the budget currency and the verified videos’ figures', () => {
    expect(resultTiles(results).map((t) => [t.label, t.value])).toEqual([
      ['Budget', '$10,000.00'],
      ['Committed', '$4,000.00'],
      ['Paid', '$1,200.00'],
      ['Remaining', '$6,000.00'],
      ['Views', '100K'],
      ['Engagement rate', '5.00%'],
      ['CPM', '$40.00'],
      ['CPE', '$0.80'],
    ]);
  });

  it('says which figures are missing and why, and when the budget is overspent', () => {
    const down = resultTiles({ ...results, committed: null, paid: null, remaining: null, provenance: { ...results.provenance, degraded: ['payments'] } });
    expect(down.filter((t) => t.hint === 'not available right now').map((t) => [t.label, t.value])).toEqual([
      ['Committed', '—'],
      ['Paid', '—'],
      ['Remaining', '—'],
    ]);
    expect(resultTiles({ ...results, remaining: usd(-5_000) }).find((t) => t.key === 'remaining')!.hint).toBe('over budget');
  });

  it('names where the numbers come from, including approved videos not counted', () => {
    expect(resultsProvenance(results)).toBe('2 verified videos, 1 approved video not counted, 7 observations; views as of Dec 4, 2026, 9:00 AM UTC; formula kpi-2026.11.1');
  });

  it('charts views per creator, largest first', () => {
    expect(viewsByCreator(results)).toEqual([
      { name: 'Mia Torres', value: 60_000 },
      { name: 'Noah Berg', value: 40_000 },
    ]);
  });

  it('puts every creator on one time axis, carrying each deal forward and adding a creator\'s deals up', () => {
    const mia = { ...row('Mia Torres', 6_000), viewsOverTime: [{ day: '2026-12-01', views: 1_000 }, { day: '2026-12-03', views: 6_000 }] };
    const miaAgain = { ...row('Mia Torres', 500), viewsOverTime: [{ day: '2026-12-02', views: 500 }] };
    const noah = { ...row('Noah Berg', 300), viewsOverTime: [{ day: '2026-12-02', views: 300 }] };
    const nothingYet = row('Kai Ito', 0);
    expect(viewsOverTimeByCreator({ ...results, creators: [mia, noah, miaAgain, nothingYet] })).toEqual({
      names: ['Mia Torres', 'Noah Berg'],
      rows: [
        { day: '2026-12-01', 'Mia Torres': 1_000, 'Noah Berg': 0 },
        { day: '2026-12-02', 'Mia Torres': 1_500, 'Noah Berg': 300 },
        { day: '2026-12-03', 'Mia Torres': 6_500, 'Noah Berg': 300 },
      ],
    });
    expect(viewsOverTimeByCreator({ ...results, creators: [nothingYet] })).toEqual({ names: [], rows: [] });
  });
});

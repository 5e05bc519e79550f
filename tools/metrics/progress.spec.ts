import { formatSeconds, progressLine, rateOf } from './progress.js';

describe('import progress', () => {
  const p = { total: 200_000, lines: 60_000, resumedAt: 20_000, accepted: 59_000, duplicates: 900, rejected: 100 };

  it('measures the rate over this run only, so a resumed import does not look faster than it is', () => {
    expect(rateOf(p, 10_000)).toEqual({ perSecond: 4_000, etaSeconds: 35 });
    expect(rateOf({ ...p, lines: p.resumedAt }, 0)).toEqual({ perSecond: 0, etaSeconds: null });
  });

  it('prints one plain line with records, rate, ETA and counts', () => {
    expect(progressLine(p, 10_000)).toBe('60,000/200,000 records (30%) · 4,000 records/s · ETA 35 s · accepted 59,000 · duplicates 900 · rejected 100');
    expect([formatSeconds(null), formatSeconds(75), formatSeconds(3 * 3600 + 120)]).toEqual(['?', '1 min 15 s', '3 h 2 min']);
  });
});

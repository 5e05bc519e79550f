import fc from 'fast-check';
import { seededRandom, syntheticCreator } from '#libs/synthetic-data';
import { DEFAULT_ANOMALY_THRESHOLDS, dailyGains, followerJumps, medianAbsoluteDeviation, viewPattern, type FollowerDay, type ViewPatternInput } from './anomaly.rules.js';

const DAY_MS = 86_400_000;
const START = Date.parse('2026-08-01T00:00:00Z');
const dayOf = (i: number) => new Date(START + i * DAY_MS).toISOString().slice(0, 10);

/** Followers at the end of each day from a start count and each day's gain. */
function history(start: number, gains: readonly number[]): FollowerDay[] {
  const out: FollowerDay[] = [{ day: dayOf(0), followers: start }];
  gains.forEach((g, i) => out.push({ day: dayOf(i + 1), followers: out[i]!.followers + g }));
  return out;
}

/** A generated creator's daily follower snapshots (compounding 0.1–0.5 % a day, each day ±50 %). */
function syntheticHistory(seed: number, days: number): FollowerDay[] {
  const c = syntheticCreator(seededRandom(seed), { videos: 0, observationsPerVideo: 1, until: new Date('2026-11-30T12:00:00Z'), days });
  return c.followers.map((f) => ({ day: f.observedAt.slice(0, 10), followers: f.followers }));
}

/** The same history with `jump` extra followers from day `at` on (bought followers stay). */
function plant(h: readonly FollowerDay[], at: number, jump: number): FollowerDay[] {
  return h.map((d, i) => (i >= at ? { ...d, followers: d.followers + jump } : d));
}

const alternating = (n: number): number[] => Array.from({ length: n }, (_, i) => (i % 2 ? 110 : 90));

describe('follower jumps', () => {
  it('flags a day far above the creator’s own gains, with the evidence worked by hand', () => {
    // 10 days of +90 and 10 of +110 from 50,000, then +48,200 on day 21. Over the 21 gains the
    // median is 110 and the MAD 20 (1.4826 × 20 = 29.7), under the floor of 0.1 % of the
    // 52,000 followers the day started with (52); 110 + 8 × 52 = 526, raised to the 1,000 minimum.
    const h = history(50_000, [...alternating(20), 48_200]);
    expect(followerJumps(h)).toEqual([
      {
        kind: 'follower_jump',
        day: dayOf(21),
        evidence: { gain: 48_200, followers: 100_200, typicalGain: 110, deviation: 52, deviations: 8, threshold: 1_000, historyDays: 21 },
      },
    ]);
  });

  it('a larger creator’s threshold is its typical gain plus N robust deviations', () => {
    // 15 gains of 900 and 14 of 1,100 with one more on day 21: median 1,000, MAD 100 → 148.26,
    // above the floor (0.1 % of 120,000 = 120); 1,000 + 8 × 148.26 = 2,186.08.
    const withDay21 = (gain: number) => {
      const gains = Array.from({ length: 29 }, (_, i): number => (i % 2 ? 1_100 : 900));
      gains.splice(20, 0, gain);
      return history(100_000, gains);
    };
    expect(followerJumps(withDay21(2_180))).toEqual([]);
    const [jump] = followerJumps(withDay21(2_300));
    expect(jump).toMatchObject({ day: dayOf(21), evidence: { gain: 2_300, typicalGain: 1_000, deviation: 148.3, threshold: 2_187 } });
  });

  it('says nothing before the minimum history, however large the jump', () => {
    const short = history(50_000, [...alternating(DEFAULT_ANOMALY_THRESHOLDS.minHistoryDays - 2), 48_200]);
    expect(dailyGains(short)).toHaveLength(DEFAULT_ANOMALY_THRESHOLDS.minHistoryDays - 1);
    expect(followerJumps(short)).toEqual([]);
    const enough = history(50_000, [...alternating(DEFAULT_ANOMALY_THRESHOLDS.minHistoryDays - 1), 48_200]);
    expect(followerJumps(enough)).toHaveLength(1);
  });

  it('a perfectly regular history (MAD 0) does not flag a day slightly above it', () => {
    const gains = Array.from({ length: 30 }, () => 400);
    expect(medianAbsoluteDeviation(gains)).toBe(0);
    gains[10] = 450;
    expect(followerJumps(history(200_000, gains))).toEqual([]);
    gains[10] = 5_000;
    // The floor (0.1 % of ~204,000 followers = 204) stands in for the zero spread.
    expect(followerJumps(history(200_000, gains))[0]?.evidence).toMatchObject({ gain: 5_000, typicalGain: 400, deviation: 204, threshold: 2_032 });
  });

  it('a tiny creator’s noise is never a jump (minimum jump)', () => {
    const gains = Array.from({ length: 30 }, (_, i): number => (i % 3 === 0 ? 2 : 5));
    gains[15] = 900;
    expect(followerJumps(history(300, gains))).toEqual([]);
  });

  it('losing followers is not a jump, and a gap between snapshots is not a day’s gain', () => {
    const loss = history(80_000, [...alternating(20), -30_000]);
    expect(followerJumps(loss)).toEqual([]);
    const h = history(50_000, alternating(20));
    const gapped = [...h, { day: dayOf(23), followers: h.at(-1)!.followers + 40_000 }];
    expect(dailyGains(gapped)).toHaveLength(20);
    expect(followerJumps(gapped)).toEqual([]);
  });

  it('reports several jumps newest first, in any input order', () => {
    const gains = alternating(40);
    gains[10] = 20_000;
    gains[30] = 30_000;
    const found = followerJumps([...history(50_000, gains)].reverse());
    expect(found.map((s) => [s.day, s.evidence.gain])).toEqual([
      [dayOf(31), 30_000],
      [dayOf(11), 20_000],
    ]);
  });

  it('N is configurable', () => {
    const gains = Array.from({ length: 30 }, (_, i): number => (i % 2 ? 1_100 : 900));
    gains[20] = 2_300;
    expect(followerJumps(history(100_000, gains))).toHaveLength(1);
    expect(followerJumps(history(100_000, gains), { ...DEFAULT_ANOMALY_THRESHOLDS, jumpDeviations: 10 })).toEqual([]);
  });

  it('generated: steady, noisy histories of many creators flag nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 20, max: 120 }), (seed, days) => {
        expect(followerJumps(syntheticHistory(seed, days))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('generated: noisy gains (normal, 40 % spread, some losses) flag nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 5_000 }),
        fc.array(fc.double({ min: -2.5, max: 2.5, noNaN: true }), { minLength: 30, maxLength: 90 }),
        (base, noise) => {
          const gains = noise.map((z) => Math.round(base * (1 + 0.4 * z)));
          expect(followerJumps(history(base * 400, gains))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('generated: a planted jump is found, on its day and only there', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 30, max: 120 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (seed, days, where) => {
        const steady = syntheticHistory(seed, days);
        const at = 1 + Math.floor(where * (steady.length - 1));
        const typical = Math.max(1, (steady.at(-1)!.followers - steady[0]!.followers) / days);
        const jump = Math.round(30 * typical) + 2_000;
        const found = followerJumps(plant(steady, at, jump));
        expect(found.map((s) => s.day)).toEqual([steady[at]!.day]);
        expect(found[0]!.evidence.gain).toBeGreaterThanOrEqual(jump);
        expect(found[0]!.evidence.gain).toBeGreaterThan(found[0]!.evidence.threshold);
      }),
      { numRuns: 300 },
    );
  });
});

describe('view pattern', () => {
  const input: ViewPatternInput = {
    engagementRate: 0.004,
    medianViews: 410_000,
    asOf: '2026-11-23T06:00:00.000Z',
    cohort: { category: 'beauty', followerBand: '100k-1m', size: 40, engagementRateP25: 0.04, medianViewsP50: 52_000 },
  };

  it('flags engagement below half the cohort p25 with median views above three times the cohort median', () => {
    expect(viewPattern(input)).toEqual({
      kind: 'view_pattern',
      detectedAt: '2026-11-23T06:00:00.000Z',
      evidence: {
        engagementRate: 0.004,
        cohortEngagementRateP25: 0.04,
        engagementRateBelow: 0.02,
        medianViews: 410_000,
        cohortMedianViews: 52_000,
        medianViewsAbove: 156_000,
        cohort: { category: 'beauty', followerBand: '100k-1m', size: 40 },
      },
    });
  });

  it('needs both: low engagement with ordinary views, or many views with ordinary engagement, is not flagged', () => {
    expect(viewPattern({ ...input, medianViews: 150_000 })).toBeNull();
    expect(viewPattern({ ...input, engagementRate: 0.021 })).toBeNull();
    expect(viewPattern({ ...input, engagementRate: 0.019, medianViews: 156_001 })).not.toBeNull();
  });

  it('says nothing without the figures or a cohort to compare with', () => {
    expect(viewPattern({ ...input, cohort: null })).toBeNull();
    expect(viewPattern({ ...input, engagementRate: null })).toBeNull();
    expect(viewPattern({ ...input, medianViews: null })).toBeNull();
    expect(viewPattern({ ...input, asOf: null })).toBeNull();
  });

  it('the factors are configurable', () => {
    expect(viewPattern(input, { ...DEFAULT_ANOMALY_THRESHOLDS, viewsFactor: 10 })).toBeNull();
    expect(viewPattern({ ...input, engagementRate: 0.03 }, { ...DEFAULT_ANOMALY_THRESHOLDS, engagementFactor: 0.8 })).not.toBeNull();
  });
});

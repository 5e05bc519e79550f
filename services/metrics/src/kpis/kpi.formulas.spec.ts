import {
  cpe,
  cpm,
  followerBand,
  followerBaselineAt,
  followerGrowthRate,
  kpiFigures,
  median,
  offerFigures,
  percentileOf,
  quantile,
  QUANTILE_STEPS,
  sumCounters,
  wholeMinorUnits,
  windowStart,
  ZERO_COUNTERS,
} from './kpi.formulas.js';

const video = (views: number, sixSecondViews: number, completedViews: number, likes: number, comments: number, shares: number) => ({
  views,
  sixSecondViews,
  completedViews,
  likes,
  comments,
  shares,
});

describe('KPI formulas (hand-computed cases)', () => {
  it('three videos, one not yet watched', () => {
    const videos = [video(1000, 400, 100, 50, 10, 5), video(3000, 1200, 500, 150, 30, 15), video(0, 0, 0, 0, 0, 0)];
    const f = kpiFigures(sumCounters(videos), videos.map((v) => v.views));
    expect(f.videos).toBe(3);
    expect(f.views).toBe(4000);
    expect(f.avgViews).toBeCloseTo(1333.333, 3);
    expect(f.medianViews).toBe(1000);
    expect(f.sixSecondViewRate).toBe(0.4); // 1600 / 4000
    expect(f.completionRate).toBe(0.15); // 600 / 4000
    expect(f.engagementRate).toBe(0.065); // (200 + 40 + 20) / 4000
    expect(f.engagements).toEqual({ likes: 200, comments: 40, shares: 20 });
  });

  it('videos without views: means are zero, rates are null (never NaN)', () => {
    const videos = [video(0, 0, 0, 0, 0, 0), video(0, 0, 0, 0, 0, 0)];
    const f = kpiFigures(sumCounters(videos), [0, 0]);
    expect(f).toMatchObject({ videos: 2, views: 0, avgViews: 0, medianViews: 0, sixSecondViewRate: null, completionRate: null, engagementRate: null });
  });

  it('no data at all: every figure null or zero', () => {
    expect(kpiFigures(ZERO_COUNTERS, [])).toEqual({
      videos: 0,
      views: 0,
      avgViews: null,
      medianViews: null,
      sixSecondViewRate: null,
      completionRate: null,
      engagementRate: null,
      engagements: { likes: 0, comments: 0, shares: 0 },
    });
  });

  it('median of an even count is the mean of the middle two', () => {
    expect(median([1, 3, 2, 10])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('follower growth: relative change, null without a usable baseline', () => {
    expect(followerGrowthRate(1100, 1000)).toBeCloseTo(0.1, 12);
    expect(followerGrowthRate(900, 1000)).toBeCloseTo(-0.1, 12);
    expect(followerGrowthRate(1100, null)).toBeNull();
    expect(followerGrowthRate(null, 1000)).toBeNull();
    expect(followerGrowthRate(50, 0)).toBeNull();
  });

  it('day windows start at UTC midnight and include today; last30v compares followers with 30 days ago', () => {
    const now = new Date('2026-11-30T10:00:00.000Z');
    expect(windowStart('7d', now)?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(windowStart('30d', now)?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(windowStart('90d', now)?.toISOString()).toBe('2026-09-02T00:00:00.000Z');
    expect(windowStart('last30v', now)).toBeNull();
    expect(followerBaselineAt('last30v', now).toISOString()).toBe('2026-10-31T10:00:00.000Z');
    expect(followerBaselineAt('7d', now).toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });

  it('CPM and CPE in the price\'s minor units; null without views or engagements', () => {
    expect(cpm(50_000, 200_000)).toBe(250); // $500 for 200k views: $2.50 per thousand
    expect(cpe(50_000, 2_500)).toBe(20); // 20 cents per engagement
    expect(cpm(50_000, 0)).toBeNull();
    expect(cpe(50_000, 0)).toBeNull();
  });

  it('offer figures: sums over the linked videos, CPM and CPE in whole minor units of the price', () => {
    // $3,000.00 for two videos: 100,000 views / 6,000 engagements and 20,000 views / 1,500 engagements.
    const f = offerFigures(300_000, [
      { views: 100_000, likes: 5_000, comments: 600, shares: 400 },
      { views: 20_000, likes: 1_000, comments: 300, shares: 200 },
    ]);
    expect(f.videos).toEqual([
      { views: 100_000, engagements: 6_000, engagementRate: 0.06 },
      { views: 20_000, engagements: 1_500, engagementRate: 0.075 },
    ]);
    expect(f).toMatchObject({ views: 120_000, engagements: 7_500, engagementRate: 0.0625 });
    expect(f.cpm).toBe(2_500); // 300,000 / 120,000 × 1000 = 2,500 cents: $25.00 per thousand views
    expect(f.cpe).toBe(40); // 300,000 / 7,500 = 40 cents per engagement
  });

  it('offer figures round fractional minor units to the nearest, halves up', () => {
    // 100,000 / 3 × 1000 = 33,333,333.33… → 33,333,333; 100,000 / 3 = 33,333.33… → 33,333
    expect(offerFigures(100_000, [{ views: 3, likes: 2, comments: 1, shares: 0 }])).toMatchObject({ cpm: 33_333_333, cpe: 33_333 });
    // 1,001 / 2 = 500.5 → 501; 1,001 / 2,000 × 1000 = 500.5 → 501
    expect(offerFigures(1_001, [{ views: 2_000, likes: 2, comments: 0, shares: 0 }])).toMatchObject({ cpm: 501, cpe: 501 });
    expect(wholeMinorUnits(0.49)).toBe(0);
    expect(wholeMinorUnits(null)).toBeNull();
  });

  it('offer figures without a price, videos, views or engagements: nulls, never NaN or Infinity', () => {
    expect(offerFigures(null, [{ views: 1_000, likes: 10, comments: 0, shares: 0 }])).toEqual({
      videos: [{ views: 1_000, engagements: 10, engagementRate: 0.01 }],
      views: 1_000,
      engagements: 10,
      engagementRate: 0.01,
      cpm: null,
      cpe: null,
    });
    expect(offerFigures(50_000, [])).toEqual({ videos: [], views: 0, engagements: 0, engagementRate: null, cpm: null, cpe: null });
    const unwatched = offerFigures(50_000, [{ views: 0, likes: 0, comments: 0, shares: 0 }]);
    expect(unwatched).toMatchObject({ views: 0, engagements: 0, engagementRate: null, cpm: null, cpe: null });
    expect(unwatched.videos[0]!.engagementRate).toBeNull();
    // Views but nobody engaged: a CPM, no CPE.
    expect(offerFigures(50_000, [{ views: 10_000, likes: 0, comments: 0, shares: 0 }])).toMatchObject({ cpm: 5_000, cpe: null, engagementRate: 0 });
  });

  it('follower bands include their lower bound', () => {
    expect(followerBand(0)).toBe('under-10k');
    expect(followerBand(9_999)).toBe('under-10k');
    expect(followerBand(10_000)).toBe('10k-100k');
    expect(followerBand(999_999)).toBe('100k-1m');
    expect(followerBand(1_000_000)).toBe('1m-10m');
    expect(followerBand(25_000_000)).toBe('10m-plus');
  });
});

describe('cohort percentiles (hand-built cohort)', () => {
  const cohort = [0.02, 0.04, 0.06, 0.08, 0.1];
  const cuts = Array.from({ length: QUANTILE_STEPS + 1 }, (_, i) => quantile(cohort, i / QUANTILE_STEPS)!);

  it('quantiles interpolate like percentile_cont', () => {
    expect(quantile(cohort, 0.25)).toBeCloseTo(0.04, 12);
    expect(quantile(cohort, 0.5)).toBeCloseTo(0.06, 12);
    expect(quantile(cohort, 0.75)).toBeCloseTo(0.08, 12);
    expect(quantile(cohort, 0.1)).toBeCloseTo(0.028, 12); // position 0.4 between 0.02 and 0.04
    expect(quantile([], 0.5)).toBeNull();
  });

  it('places a value between the cohort\'s cut points', () => {
    expect(percentileOf(0.06, cuts)).toBeCloseTo(50, 6);
    expect(percentileOf(0.07, cuts)).toBeCloseTo(62.5, 6);
    expect(percentileOf(0.03, cuts)).toBeCloseTo(12.5, 6);
    expect(percentileOf(0.01, cuts)).toBe(0);
    expect(percentileOf(0.5, cuts)).toBe(100);
  });

  it('a value shared by much of the cohort sits in the middle of its run', () => {
    const tied = [0, 0, 0, 0.1];
    const tiedCuts = Array.from({ length: QUANTILE_STEPS + 1 }, (_, i) => quantile(tied, i / QUANTILE_STEPS)!);
    // percentile_cont is 0 up to q = 2/3, so cut points 0..66 are 0.
    expect(percentileOf(0, tiedCuts)).toBe(33);
    expect(percentileOf(0.1, tiedCuts)).toBe(100);
  });

  it('no cohort: no percentile', () => {
    expect(percentileOf(0.05, [])).toBeNull();
  });
});

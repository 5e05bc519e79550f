import { FOLLOWER_BANDS, type FollowerBand, type KpiWindow } from '#libs/contracts';

/**
 * The one place KPI arithmetic lives. Pure: rollup readers gather sums and per-video
 * views, these functions turn them into figures. A ratio with nothing under it is null,
 * never NaN or Infinity, so "no data" and "zero" stay distinguishable.
 */

/** Bumped whenever a definition below changes meaning; every KPI response names it. */
export const FORMULA_VERSION = 'kpi-2026.11.1';

const DAY_MS = 86_400_000;
/** How many recent videos `last30v` counts, and how far back its follower baseline lies. */
export const LAST_VIDEOS = 30;
export const LAST_VIDEOS_BASELINE_DAYS = 30;

export interface VideoCounters {
  views: number;
  sixSecondViews: number;
  completedViews: number;
  likes: number;
  comments: number;
  shares: number;
}

export const ZERO_COUNTERS: VideoCounters = Object.freeze({ views: 0, sixSecondViews: 0, completedViews: 0, likes: 0, comments: 0, shares: 0 });

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 && Number.isFinite(numerator) ? numerator / denominator : null;
}

export function engagementsOf(c: Pick<VideoCounters, 'likes' | 'comments' | 'shares'>): number {
  return c.likes + c.comments + c.shares;
}

export function sumCounters(videos: readonly VideoCounters[]): VideoCounters {
  const total = { ...ZERO_COUNTERS };
  for (const v of videos) {
    total.views += v.views;
    total.sixSecondViews += v.sixSecondViews;
    total.completedViews += v.completedViews;
    total.likes += v.likes;
    total.comments += v.comments;
    total.shares += v.shares;
  }
  return total;
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** (latest − baseline) / baseline; null without a baseline (a new creator) or with a zero one. */
export function followerGrowthRate(latest: number | null, baseline: number | null): number | null {
  if (latest === null || baseline === null) return null;
  return ratio(latest - baseline, baseline);
}

export interface KpiFigures {
  videos: number;
  views: number;
  avgViews: number | null;
  medianViews: number | null;
  sixSecondViewRate: number | null;
  completionRate: number | null;
  engagementRate: number | null;
  engagements: { likes: number; comments: number; shares: number };
}

/**
 * Window figures from the window's summed counters and the views of each counted video
 * (latest observation of each).
 */
export function kpiFigures(totals: VideoCounters, viewsPerVideo: readonly number[]): KpiFigures {
  return {
    videos: viewsPerVideo.length,
    views: totals.views,
    avgViews: mean(viewsPerVideo),
    medianViews: median(viewsPerVideo),
    sixSecondViewRate: ratio(totals.sixSecondViews, totals.views),
    completionRate: ratio(totals.completedViews, totals.views),
    engagementRate: ratio(engagementsOf(totals), totals.views),
    engagements: { likes: totals.likes, comments: totals.comments, shares: totals.shares },
  };
}

export function utcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/**
 * First instant of a day window: `7d` is today (UTC) and the 6 days before it, so windows
 * line up with the daily rollup. `last30v` is bounded by videos, not time: null.
 */
export function windowStart(window: KpiWindow, now: Date): Date | null {
  if (window === 'last30v') return null;
  const days = Number(window.slice(0, -1));
  return new Date(utcDay(now).getTime() - (days - 1) * DAY_MS);
}

/** Follower growth compares with the latest snapshot at or before this instant. */
export function followerBaselineAt(window: KpiWindow, now: Date): Date {
  return windowStart(window, now) ?? new Date(now.getTime() - LAST_VIDEOS_BASELINE_DAYS * DAY_MS);
}

/**
 * Price per thousand views, in the price's minor units; null without views. Multiplied before
 * dividing, so an exact half (1,001 for 2,000 views: 500.5) stays exact for rounding.
 */
export function cpm(priceMinor: number, views: number): number | null {
  return ratio(priceMinor * 1000, views);
}

/** Price per engagement, in the price's minor units; null without engagements. */
export function cpe(priceMinor: number, engagements: number): number | null {
  return ratio(priceMinor, engagements);
}

/**
 * A price per unit as money: whole minor units, halves rounded up (money is integer minor units
 * everywhere; a fraction of a cent per thousand views is noise beside the price it comes from).
 */
export function wholeMinorUnits(amount: number | null): number | null {
  return amount === null ? null : Math.round(amount);
}

export type EngagementCounters = Pick<VideoCounters, 'views' | 'likes' | 'comments' | 'shares'>;

export interface VideoEngagement {
  views: number;
  engagements: number;
  engagementRate: number | null;
}

export interface OfferFigures extends VideoEngagement {
  /** Per linked video, in the order given. */
  videos: VideoEngagement[];
  /** Price per thousand views and per engagement, in whole minor units of the price. */
  cpm: number | null;
  cpe: number | null;
}

export function videoEngagement(v: EngagementCounters): VideoEngagement {
  const engagements = engagementsOf(v);
  return { views: v.views, engagements, engagementRate: ratio(engagements, v.views) };
}

/**
 * What an offer bought: the latest observation of each video linked to it, summed, against its
 * agreed price (null until accepted, and then CPM and CPE are null too).
 */
export function offerFigures(priceMinor: number | null, videos: readonly EngagementCounters[]): OfferFigures {
  const each = videos.map(videoEngagement);
  const views = each.reduce((n, v) => n + v.views, 0);
  const engagements = each.reduce((n, v) => n + v.engagements, 0);
  return {
    videos: each,
    views,
    engagements,
    engagementRate: ratio(engagements, views),
    cpm: priceMinor === null ? null : wholeMinorUnits(cpm(priceMinor, views)),
    cpe: priceMinor === null ? null : wholeMinorUnits(cpe(priceMinor, engagements)),
  };
}

const BAND_FLOORS: readonly [FollowerBand, number][] = [
  ['10m-plus', 10_000_000],
  ['1m-10m', 1_000_000],
  ['100k-1m', 100_000],
  ['10k-100k', 10_000],
  ['under-10k', 0],
];

export function followerBand(followers: number): FollowerBand {
  return BAND_FLOORS.find(([, floor]) => followers >= floor)?.[0] ?? FOLLOWER_BANDS[0];
}

/** Cut points stored per cohort: the 0th, 1st, …, 100th continuous percentiles. */
export const QUANTILE_STEPS = 100;

/** Continuous quantile (linear interpolation, as PostgreSQL's percentile_cont) of sorted values. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Where `value` sits in a cohort (0–100), read off the cohort's cut points (the inverse of
 * its continuous quantile function): the cohort median scores 50. Between two cut points it
 * interpolates; on a run of equal cut points it takes the run's middle.
 */
export function percentileOf(value: number, cuts: readonly number[]): number | null {
  if (cuts.length < 2) return null;
  const last = cuts.length - 1;
  const step = 100 / last;
  if (value < cuts[0]!) return 0;
  if (value > cuts[last]!) return 100;
  let first = -1;
  let lastEqual = -1;
  for (let i = 0; i <= last; i++) {
    if (cuts[i] === value) {
      if (first < 0) first = i;
      lastEqual = i;
    }
  }
  if (first >= 0) return ((first + lastEqual) / 2) * step;
  let i = 0;
  while (cuts[i + 1]! < value) i++;
  const lo = cuts[i]!;
  const hi = cuts[i + 1]!;
  return (i + (value - lo) / (hi - lo)) * step;
}

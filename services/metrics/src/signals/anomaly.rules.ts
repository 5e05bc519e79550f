import type { FollowerJumpSignal, ViewPatternSignal } from '#libs/contracts';
import { median } from '../kpis/kpi.formulas.js';

/**
 * Anomalies in a creator's figures, decided without a database: a day whose follower gain
 * stands far outside the creator's own history, and engagement far below the cohort's while
 * views are far above it. Both are flags with their evidence for a person to judge (a video
 * going viral also makes followers jump); nothing here hides or ranks a creator.
 */

export interface AnomalyThresholds {
  /** A day flags when its gain exceeds the typical gain by this many robust deviations (`SIGNAL_JUMP_DEVIATIONS`, 8). */
  jumpDeviations: number;
  /** Fewest day-over-day gains before a history says what a typical day is (`SIGNAL_MIN_HISTORY_DAYS`, 14). */
  minHistoryDays: number;
  /** Smallest gain that may flag at all, so a small creator's noise is never called a jump (`SIGNAL_MIN_JUMP_FOLLOWERS`, 1,000). */
  minJumpFollowers: number;
  /**
   * Smallest deviation assumed, as a share of the followers the day started with (0.001 =
   * 0.1 %): a perfectly regular history has a zero MAD, and one follower above it is not a jump.
   */
  minDeviationShare: number;
  /** Engagement flags below the cohort's p25 times this (`SIGNAL_ENGAGEMENT_FACTOR`, 0.5: half of it)… */
  engagementFactor: number;
  /** …while median views are above the cohort's median times this (`SIGNAL_VIEWS_FACTOR`, 3). */
  viewsFactor: number;
}

export const DEFAULT_ANOMALY_THRESHOLDS: Readonly<AnomalyThresholds> = Object.freeze({
  jumpDeviations: 8,
  minHistoryDays: 14,
  minJumpFollowers: 1_000,
  minDeviationShare: 0.001,
  engagementFactor: 0.5,
  viewsFactor: 3,
});

/** Scales a median absolute deviation to the standard deviation it estimates for normal noise. */
const MAD_TO_SIGMA = 1.4826;
/** At most this many jumps are reported (newest first): a creator with more needs a look, not a longer list. */
export const MAX_FOLLOWER_JUMPS = 5;

/** Followers at the end of a UTC day, as the daily rollup holds them. */
export interface FollowerDay {
  day: string;
  followers: number;
}

interface Gain {
  day: string;
  gain: number;
  before: number;
  followers: number;
}

const DAY_MS = 86_400_000;

/**
 * Gains between consecutive days only: a gap's gain spans several days and is neither a day's
 * gain nor guessed into one.
 */
export function dailyGains(history: readonly FollowerDay[]): Gain[] {
  const days = [...history].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const gains: Gain[] = [];
  for (let i = 1; i < days.length; i++) {
    const prev = days[i - 1]!;
    const cur = days[i]!;
    if (Date.parse(cur.day) - Date.parse(prev.day) !== DAY_MS) continue;
    gains.push({ day: cur.day, gain: cur.followers - prev.followers, before: prev.followers, followers: cur.followers });
  }
  return gains;
}

/** Median absolute deviation from the median; null without values. */
export function medianAbsoluteDeviation(values: readonly number[]): number | null {
  const m = median(values);
  return m === null ? null : median(values.map((v) => Math.abs(v - m)));
}

/**
 * Days whose follower gain is beyond `jumpDeviations` robust deviations of the creator's own
 * daily gains (median + MAD, so the jumps themselves barely move the baseline), newest first.
 * Nothing is said before `minHistoryDays` gains: a short history has no "typical day".
 */
export function followerJumps(history: readonly FollowerDay[], t: AnomalyThresholds = DEFAULT_ANOMALY_THRESHOLDS): FollowerJumpSignal[] {
  const gains = dailyGains(history);
  if (gains.length < t.minHistoryDays) return [];
  const values = gains.map((g) => g.gain);
  const typical = median(values)!;
  const spread = MAD_TO_SIGMA * medianAbsoluteDeviation(values)!;
  const out: FollowerJumpSignal[] = [];
  for (const g of gains) {
    const deviation = Math.max(spread, t.minDeviationShare * g.before);
    const threshold = Math.max(typical + t.jumpDeviations * deviation, t.minJumpFollowers);
    if (g.gain <= threshold) continue;
    out.push({
      kind: 'follower_jump',
      day: g.day,
      evidence: {
        gain: g.gain,
        followers: g.followers,
        typicalGain: round(typical, 1),
        deviation: round(deviation, 1),
        deviations: t.jumpDeviations,
        threshold: Math.ceil(threshold),
        historyDays: gains.length,
      },
    });
  }
  return out.reverse().slice(0, MAX_FOLLOWER_JUMPS);
}

/** What the view-pattern rule compares: the creator's `last30v` figures and its cohort's cut points. */
export interface ViewPatternInput {
  engagementRate: number | null;
  medianViews: number | null;
  /** When the creator's figures were last refreshed. */
  asOf: string | null;
  /** Null when the cohort is unknown or too small to compare with. */
  cohort: { category: string | null; followerBand: ViewPatternSignal['evidence']['cohort']['followerBand']; size: number; engagementRateP25: number; medianViewsP50: number } | null;
}

/**
 * Engagement far below the cohort's p25 while median views are far above the cohort's median:
 * views that nobody engages with. Needs both figures and a cohort to compare with.
 */
export function viewPattern(input: ViewPatternInput, t: AnomalyThresholds = DEFAULT_ANOMALY_THRESHOLDS): ViewPatternSignal | null {
  const { engagementRate, medianViews, asOf, cohort } = input;
  if (engagementRate === null || medianViews === null || asOf === null || cohort === null) return null;
  const engagementRateBelow = cohort.engagementRateP25 * t.engagementFactor;
  const medianViewsAbove = cohort.medianViewsP50 * t.viewsFactor;
  if (!(engagementRate < engagementRateBelow && medianViews > medianViewsAbove)) return null;
  return {
    kind: 'view_pattern',
    detectedAt: asOf,
    evidence: {
      engagementRate,
      cohortEngagementRateP25: cohort.engagementRateP25,
      engagementRateBelow,
      medianViews,
      cohortMedianViews: cohort.medianViewsP50,
      medianViewsAbove,
      cohort: { category: cohort.category, followerBand: cohort.followerBand, size: cohort.size },
    },
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

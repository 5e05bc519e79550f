import type { Signal } from './api/types';
import { formatCount, formatRate } from './format';
import { shortDay } from './series';
import { cohortText } from './wording';

/**
 * Anomaly signals in words, with the numbers behind them: a flag for a person to judge (a
 * viral video also brings followers), never a verdict, so each says what was seen and against what.
 */

const whole = (n: number) => Math.round(n).toLocaleString('en-US');

/** "Follower jump", "Views without engagement": the flag's name. */
export function signalTitle(s: Signal): string {
  return s.kind === 'follower_jump' ? 'Follower jump' : 'Views without engagement';
}

/** The finding in one sentence: "Followers jumped by 48,200 on Nov 3 — about 30× a typical day". */
export function signalText(s: Signal): string {
  if (s.kind === 'follower_jump') {
    const { gain, typicalGain } = s.evidence;
    const against = typicalGain >= 1 ? `about ${whole(gain / typicalGain)}× a typical day` : 'on a history that usually gains nothing';
    return `Followers jumped by ${whole(gain)} on ${shortDay(s.day)} — ${against}`;
  }
  const e = s.evidence;
  return `Median views of ${formatCount(e.medianViews)} are far above similar creators’ ${formatCount(e.cohortMedianViews)}, yet engagement is ${formatRate(e.engagementRate)}, far below their lower quarter (${formatRate(e.cohortEngagementRateP25)})`;
}

/** How the finding was reached: the bar it crossed and what it was compared with. */
export function signalBasis(s: Signal): string {
  if (s.kind === 'follower_jump') {
    const e = s.evidence;
    return `A typical day gains ${whole(e.typicalGain)}; a day is flagged above ${whole(e.threshold)} (${e.deviations} typical deviations of ${whole(e.deviation)} above it), judged on ${e.historyDays} days of follower counts.`;
  }
  const e = s.evidence;
  return `Compared with ${whole(e.cohort.size)} ${cohortText(e.cohort)}: flagged when engagement is under ${formatRate(e.engagementRateBelow)} and median views over ${formatCount(e.medianViewsAbove)}.`;
}

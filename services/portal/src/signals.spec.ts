import { describe, expect, it } from '@jest/globals';
import type { Signal } from './api/types';
import { signalBasis, signalText, signalTitle } from './signals';

const jump: Signal = {
  kind: 'follower_jump',
  day: '2026-11-03',
  evidence: { gain: 48_200, followers: 131_400, typicalGain: 1_600, deviation: 410.5, deviations: 8, threshold: 4_884, historyDays: 89 },
};
const views: Signal = {
  kind: 'view_pattern',
  detectedAt: '2026-11-23T06:00:00.000Z',
  evidence: {
    engagementRate: 0.004,
    cohortEngagementRateP25: 0.041,
    engagementRateBelow: 0.0205,
    medianViews: 410_000,
    cohortMedianViews: 52_000,
    medianViewsAbove: 156_000,
    cohort: { category: 'beauty', followerBand: '100k-1m', size: 1_840 },
  },
};

describe('signals in words', () => {
  it('says a follower jump with the day, the gain and how it compares with a typical day', () => {
    expect(signalTitle(jump)).toBe('Follower jump');
    expect(signalText(jump)).toBe('Followers jumped by 48,200 on Nov 3 — about 30× a typical day');
    expect(signalBasis(jump)).toBe('A typical day gains 1,600; a day is flagged above 4,884 (8 typical deviations of 411 above it), judged on 89 days of follower counts.');
  });

  it('does not divide by a typical day without gains', () => {
    const flat = { ...jump, evidence: { ...jump.evidence, typicalGain: 0 } } as Signal;
    expect(signalText(flat)).toBe('Followers jumped by 48,200 on Nov 3 — on a history that usually gains nothing');
  });

  it('says a view pattern with the creator’s and the cohort’s figures', () => {
    expect(signalTitle(views)).toBe('Views without engagement');
    expect(signalText(views)).toBe('Median views of 410K are far above similar creators’ 52K, yet engagement is 0.40%, far below their lower quarter (4.10%)');
    expect(signalBasis(views)).toBe('Compared with 1,840 beauty creators with 100K to 1M followers: flagged when engagement is under 2.05% and median views over 156K.');
  });
});

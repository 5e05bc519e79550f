import { describe, expect, it } from '@jest/globals';
import { formatCount, formatGrowth, formatMoney, formatPercentile, formatRate, formatTimeLeft, parseMoneyInput, shareBars } from './format';
import { kpis, provenanceText } from './components/KpiTile';

describe('KPI formatting', () => {
  it('abbreviates counts and never shows missing data as zero', () => {
    expect(formatCount(1234)).toBe('1.2K');
    expect(formatCount(1_250_000)).toBe('1.3M');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe('—');
  });

  it('shows ratios as percentages and growth with its sign', () => {
    expect(formatRate(0.0523)).toBe('5.23%');
    expect(formatRate(0.5, 1)).toBe('50.0%');
    expect(formatRate(undefined)).toBe('—');
    expect(formatGrowth(0.015)).toBe('+1.5%');
    expect(formatGrowth(-0.003)).toBe('−0.3%');
    expect(formatGrowth(0)).toBe('0.0%');
  });

  it('names percentiles as ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 73, 99.6].map(formatPercentile)).toEqual(
      ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '73rd', '100th'].map((s) => `${s} percentile`),
    );
  });

  it('formats money from minor units in its currency and parses what people type', () => {
    expect(formatMoney({ amount: 123456, currency: 'USD' })).toBe('$1,234.56');
    expect(formatMoney({ amount: 5000, currency: 'JPY' })).toBe('¥5,000');
    expect(parseMoneyInput('1,250.5', 'USD')).toBe(125050);
    expect(parseMoneyInput('1250', 'JPY')).toBe(1250);
    expect(parseMoneyInput('12.345', 'USD')).toBeNull();
    expect(parseMoneyInput('ten', 'USD')).toBeNull();
  });

  it('gives each tile its value, its window and benchmark, and the section one provenance line', () => {
    const metrics = {
      creatorId: 'c',
      window: 'last30v' as const,
      asOf: '2026-11-29T00:00:00Z',
      followers: 152_000,
      followerGrowthRate: 0.021,
      videos: 30,
      avgViews: 48_200,
      medianViews: 40_000,
      sixSecondViewRate: 0.61,
      completionRate: 0.34,
      engagementRate: 0.0712,
      views: 1_446_000,
      engagements: { likes: 90_000, comments: 4_000, shares: 9_000 },
      provenance: { from: '2026-10-01T00:00:00Z', to: '2026-11-28T00:00:00Z', videosCounted: 30, observationsCounted: 912, formulaVersion: 'er-v2' },
      benchmarks: { engagementRate: { percentile: 73, cohort: { category: 'food', followerBand: '100k-1m' as const, size: 412 }, p25: 0.03, p50: 0.045, p75: 0.07, computedAt: '2026-11-29T00:00:00Z' } },
      benchmarksWithheld: { completionRate: { reason: 'small_cohort' as const, cohort: { category: 'food', followerBand: '100k-1m' as const, size: 1 }, minimumSize: 5 } },
    };
    const tiles = Object.fromEntries(kpis(metrics).map((k) => [k.key, k]));
    expect(tiles.followers.value).toBe('152K');
    expect(tiles.growth).toMatchObject({ value: '+2.1%', window: 'last 30 days' });
    expect(tiles.engagementRate).toMatchObject({ value: '7.12%', window: 'last 30 videos' });
    expect(tiles.engagementRate.benchmark).toBe('73rd percentile of 412 food creators with 100K to 1M followers; median 4.50%');
    // A group of one is no comparison: the tile says so instead of "50th percentile of 1 creators".
    expect(tiles.completionRate.benchmark).toBe('No comparison: only 1 creator in this group (food creators with 100K to 1M followers); it needs 5');
    expect(tiles.sixSecondViewRate.benchmark).toBeUndefined();
    expect(provenanceText(metrics)).toBe(
      'Video figures: last 30 videos (30 videos posted Oct 1, 2026 to Nov 28, 2026, 912 observations); each video counts its latest observation. Follower growth compares with the count 30 days earlier. Formula er-v2; as of Nov 29, 2026.',
    );
    expect(kpis({ ...metrics, window: '90d' }).find((k) => k.key === 'growth')!.window).toBe('last 90 days');
  });
});

describe('demographic bars', () => {
  it('puts age bands in age order and other shares largest first', () => {
    const ages = { '25-34': 0.4, '13-17': 0.05, '45+': 0.1, '18-24': 0.3, '35-44': 0.15 };
    expect(shareBars(ages, 'band').map((b) => b.name)).toEqual(['13-17', '18-24', '25-34', '35-44', '45+']);
    expect(shareBars({ male: 0.4, female: 0.55, other: 0.05 }).map((b) => b.name)).toEqual(['female', 'male', 'other']);
    expect(shareBars({ US: 0.5, BR: '0.5' }, 'largest', 1)).toEqual([{ name: 'US', value: 0.5 }]);
    expect(shareBars(null)).toEqual([]);
  });
});

describe('time left before a deadline', () => {
  const now = new Date('2027-01-10T12:00:00Z');
  it('speaks in days from two days on, in hours below, and says when it passed', () => {
    expect(formatTimeLeft('2027-01-13T13:00:00Z', now)).toBe('in 3 days');
    expect(formatTimeLeft('2027-01-11T17:30:00Z', now)).toBe('in 29 hours');
    expect(formatTimeLeft('2027-01-10T13:10:00Z', now)).toBe('in 1 hour');
    expect(formatTimeLeft('2027-01-10T12:20:00Z', now)).toBe('in less than an hour');
    expect(formatTimeLeft('2027-01-08T10:00:00Z', now)).toBe('2 days overdue');
    expect(formatTimeLeft(null, now)).toBe('—');
  });
});

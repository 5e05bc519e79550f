import { describe, expect, it } from '@jest/globals';
import type { Series } from './api/types';
import { followerPoints, followerSummary, shortDay, videoPoints, viewsSummary } from './series';

const series = (over: Partial<Series> = {}): Series => ({
  creatorId: '6f1c2b0e-3d4a-4b5c-8d9e-0a1b2c3d4e5f',
  from: '2026-09-02',
  followers: [
    { day: '2026-09-02', followers: 120_000 },
    { day: '2026-09-03', followers: 121_500 },
    { day: '2026-11-30', followers: 124_200 },
  ],
  videos: [
    { videoId: 'a', postedAt: '2026-11-20T23:30:00.000Z', views: 48_210, engagementRate: 0.0731 },
    { videoId: 'b', postedAt: '2026-11-22T01:00:00.000Z', views: 0, engagementRate: null },
    { videoId: 'c', postedAt: '2026-11-25T12:00:00.000Z', views: 98_000, engagementRate: 0.05 },
  ],
  asOf: '2026-11-30T06:00:00.000Z',
  ...over,
});

describe('chart series formatting', () => {
  it('labels days and instants by their UTC day, whatever the browser zone', () => {
    expect(shortDay('2026-09-02')).toBe('Sep 2');
    expect(shortDay('2026-11-20T23:30:00.000Z')).toBe('Nov 20');
  });

  it('turns followers and videos into chart points with readable values', () => {
    expect(followerPoints(series())[1]).toEqual({ key: '2026-09-03', label: 'Sep 3', value: 121_500, text: '121,500 followers' });
    expect(videoPoints(series()).map((p) => [p.label, p.value, p.text])).toEqual([
      ['Nov 20', 48_210, '48,210 views, 7.31% engagement'],
      ['Nov 22', 0, '0 views, — engagement'],
      ['Nov 25', 98_000, '98,000 views, 5.00% engagement'],
    ]);
  });

  it('sums the follower change up with its sign, and says nothing without data', () => {
    expect(followerSummary(series())).toBe('+4.2K followers (+3.5%) since Sep 2');
    expect(followerSummary(series({ followers: [{ day: '2026-11-01', followers: 5000 }, { day: '2026-11-30', followers: 4000 }] }))).toBe('−1K followers (−20.0%) since Nov 1');
    expect(followerSummary(series({ followers: [{ day: '2026-11-30', followers: 4000 }] }))).toBe('4K followers on Nov 30');
    expect(followerSummary(series({ followers: [] }))).toBeNull();
  });

  it('gives the median and best views of the videos shown', () => {
    expect(viewsSummary(series())).toBe('Median 48.2K views over the last 3 videos, best 98K');
    expect(viewsSummary(series({ videos: [] }))).toBeNull();
  });
});

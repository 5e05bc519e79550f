import { seriesStart, videoPoint } from './series.formulas.js';

describe('series formulas', () => {
  it('starts a series at UTC midnight days − 1 before today, whatever the time of day', () => {
    expect(seriesStart(90, new Date('2026-11-30T23:59:59.999Z')).toISOString()).toBe('2026-09-02T00:00:00.000Z');
    expect(seriesStart(7, new Date('2026-11-30T00:00:00.000Z')).toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });

  it("gives a video's engagement rate over its own views, and null (not NaN) without views", () => {
    const base = { videoId: 'v1', postedAt: new Date('2026-11-20T17:05:00Z'), likes: 60, comments: 25, shares: 15 };
    expect(videoPoint({ ...base, views: 1000 })).toEqual({ videoId: 'v1', postedAt: '2026-11-20T17:05:00.000Z', views: 1000, engagementRate: 0.1 });
    expect(videoPoint({ ...base, views: 0 }).engagementRate).toBeNull();
  });
});

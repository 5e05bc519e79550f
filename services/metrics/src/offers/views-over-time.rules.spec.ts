import { viewsOverTime } from './views-over-time.rules.js';

describe('viewsOverTime', () => {
  it('sums the videos per day, each carried forward over days without an observation', () => {
    expect(
      viewsOverTime([
        { videoId: 'a', day: '2026-12-01', views: 1_000 },
        { videoId: 'a', day: '2026-12-03', views: 4_000 },
        { videoId: 'b', day: '2026-12-02', views: 500 },
        { videoId: 'b', day: '2026-12-04', views: 2_500 },
      ]),
    ).toEqual([
      { day: '2026-12-01', views: 1_000 },
      { day: '2026-12-02', views: 1_500 },
      { day: '2026-12-03', views: 4_500 },
      { day: '2026-12-04', views: 6_500 },
    ]);
  });

  it('draws nothing without observations, and crosses month ends', () => {
    expect(viewsOverTime([])).toEqual([]);
    expect(viewsOverTime([{ videoId: 'a', day: '2026-11-30', views: 10 }, { videoId: 'a', day: '2026-12-01', views: 20 }]).map((d) => d.day)).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('keeps the most recent days of a long series', () => {
    const series = viewsOverTime([{ videoId: 'a', day: '2026-01-01', views: 1 }, { videoId: 'a', day: '2026-12-31', views: 9 }], 30);
    expect(series).toHaveLength(30);
    expect(series.at(-1)).toEqual({ day: '2026-12-31', views: 9 });
    expect(series[0]).toEqual({ day: '2026-12-02', views: 1 });
  });
});

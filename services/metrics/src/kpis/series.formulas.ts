import type { Series } from '#libs/contracts';
import { engagementsOf, ratio, utcDay, type VideoCounters } from './kpi.formulas.js';

const DAY_MS = 86_400_000;

/** First UTC day of a `days`-long series ending today, so it lines up with the daily rollup (as the `Nd` KPI windows do). */
export function seriesStart(days: number, now: Date): Date {
  return new Date(utcDay(now).getTime() - (days - 1) * DAY_MS);
}

export type SeriesVideo = Series['videos'][number];

/** One video's point: its views and engagement rate as its latest observation counts them. */
export function videoPoint(v: Pick<VideoCounters, 'views' | 'likes' | 'comments' | 'shares'> & { videoId: string; postedAt: Date | string }): SeriesVideo {
  return { videoId: v.videoId, postedAt: new Date(v.postedAt).toISOString(), views: v.views, engagementRate: ratio(engagementsOf(v), v.views) };
}

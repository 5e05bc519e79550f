import type { Series } from './api/types';
import { formatCount, formatGrowth, formatRate } from './format';

/** One point of a time chart: `label` on the axis, `text` for tooltips and the screen-reader table. */
export interface TimePoint {
  key: string;
  label: string;
  value: number;
  text: string;
}

/** "2026-11-21" or an ISO instant → "Nov 21" (UTC, as the series' days are). */
export function shortDay(isoDay: string): string {
  return new Date(isoDay.length === 10 ? `${isoDay}T00:00:00Z` : isoDay).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function followerPoints(series: Series): TimePoint[] {
  return series.followers.map((f) => ({ key: f.day, label: shortDay(f.day), value: f.followers, text: `${f.followers.toLocaleString('en-US')} followers` }));
}

export function videoPoints(series: Series): TimePoint[] {
  return series.videos.map((v) => ({
    key: v.videoId,
    label: shortDay(v.postedAt),
    value: v.views,
    text: `${v.views.toLocaleString('en-US')} views, ${formatRate(v.engagementRate)} engagement`,
  }));
}

/**
 * The chart's headline, so the numbers read without the drawing: the change between the first
 * and last day with a snapshot ("+1.2K followers (+3.4%) since Sep 2").
 */
export function followerSummary(series: Series): string | null {
  const first = series.followers[0];
  const last = series.followers.at(-1);
  if (!first || !last) return null;
  if (first === last) return `${formatCount(last.followers)} followers on ${shortDay(last.day)}`;
  const change = last.followers - first.followers;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const rate = first.followers > 0 ? ` (${formatGrowth(change / first.followers)})` : '';
  return `${sign}${formatCount(Math.abs(change))} followers${rate} since ${shortDay(first.day)}`;
}

/** "Median 12.3K views over the last 30 videos, best 98K". */
export function viewsSummary(series: Series): string | null {
  const views = series.videos.map((v) => v.views).sort((a, b) => a - b);
  if (!views.length) return null;
  const mid = views.length >> 1;
  const median = views.length % 2 ? views[mid] : (views[mid - 1] + views[mid]) / 2;
  const n = views.length;
  return `Median ${formatCount(median)} views over the last ${n === 1 ? 'video' : `${n} videos`}, best ${formatCount(views[n - 1])}`;
}

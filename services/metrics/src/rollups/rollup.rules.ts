import { compareInstants, type VideoObservation } from '#libs/contracts';
import { utcDay, ZERO_COUNTERS, type VideoCounters } from '../kpis/kpi.formulas.js';

/**
 * How a batch of new video observations changes the rollups, computed from what the rollups
 * hold now. Pure, so the arithmetic of out-of-order and repeated data is tested without a
 * database: the latest observation of a video (by observedAt, then observationId, so the
 * outcome does not depend on arrival order) is the one that counts; the daily rollup moves by
 * the difference between the old and the new latest.
 */

export interface VideoLatest extends VideoCounters {
  creatorId: string;
  videoId: string;
  postedAt: string;
  observedAt: string;
  observationId: string;
  avgWatchSeconds: number;
  /** Observations received for this video, superseded ones included. */
  observations: number;
}

export interface DailyDelta extends VideoCounters {
  creatorId: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  videosPosted: number;
  observations: number;
  /** Newest observedAt now counted on this day (a maximum, never lowered). */
  latestObservedAt: string | null;
}

export const videoKey = (v: { creatorId: string; videoId: string }) => `${v.creatorId}\u0000${v.videoId}`;
/** The UTC day of an instant; a `…Z` time names it in its first ten characters (most do: services write UTC). */
export const dayOf = (iso: string) => (iso.length >= 20 && iso.charCodeAt(iso.length - 1) === 90 /* Z */ ? iso.slice(0, 10) : utcDay(new Date(iso)).toISOString().slice(0, 10));

function isNewer(a: { observedAt: string; observationId: string }, b: { observedAt: string; observationId: string }): boolean {
  const order = compareInstants(a.observedAt, b.observedAt);
  return order !== 0 ? order > 0 : a.observationId > b.observationId;
}

function counters(v: VideoCounters): VideoCounters {
  return {
    views: v.views,
    sixSecondViews: v.sixSecondViews,
    completedViews: v.completedViews,
    likes: v.likes,
    comments: v.comments,
    shares: v.shares,
  };
}

export interface VideoPlan {
  /** Rows to write to the latest-observation table (only videos whose row changes). */
  latest: VideoLatest[];
  /** Increments of the daily rollup, one per creator and day touched. */
  daily: DailyDelta[];
  /**
   * Each video's newest incoming observation of each UTC day it was observed on, for its views
   * over time: a batch may hold several days of one video, and each day keeps its own last figure
   * (the latest row alone would drop the days before it).
   */
  days: VideoDayViews[];
}

export interface VideoDayViews {
  creatorId: string;
  videoId: string;
  /** UTC day of `observedAt`, `YYYY-MM-DD`. */
  day: string;
  views: number;
  observedAt: string;
  observationId: string;
}

function lastOfEachDay(incoming: readonly VideoObservation[]): VideoDayViews[] {
  const days = new Map<string, VideoDayViews>();
  for (const obs of incoming) {
    const day = dayOf(obs.observedAt);
    const key = `${videoKey(obs)}\u0000${day}`;
    const kept = days.get(key);
    if (!kept || isNewer(obs, kept)) {
      days.set(key, { creatorId: obs.creatorId, videoId: obs.videoId, day, views: obs.views, observedAt: obs.observedAt, observationId: obs.observationId });
    }
  }
  return [...days.values()];
}

export function planVideos(current: ReadonlyMap<string, VideoLatest>, incoming: readonly VideoObservation[]): VideoPlan {
  const byVideo = new Map<string, VideoObservation[]>();
  for (const obs of incoming) {
    const key = videoKey(obs);
    const list = byVideo.get(key);
    if (list) list.push(obs);
    else byVideo.set(key, [obs]);
  }

  const daily = new Map<string, DailyDelta>();
  const bump = (creatorId: string, day: string, sign: 1 | -1, c: VideoCounters, videos: number, observations: number, observedAt: string | null) => {
    const key = `${creatorId}\u0000${day}`;
    const d = daily.get(key) ?? {
      creatorId,
      day,
      views: 0,
      sixSecondViews: 0,
      completedViews: 0,
      likes: 0,
      comments: 0,
      shares: 0,
      videosPosted: 0,
      observations: 0,
      latestObservedAt: null,
    };
    d.views += sign * c.views;
    d.sixSecondViews += sign * c.sixSecondViews;
    d.completedViews += sign * c.completedViews;
    d.likes += sign * c.likes;
    d.comments += sign * c.comments;
    d.shares += sign * c.shares;
    d.videosPosted += sign * videos;
    d.observations += sign * observations;
    if (observedAt && (!d.latestObservedAt || compareInstants(observedAt, d.latestObservedAt) > 0)) d.latestObservedAt = observedAt;
    daily.set(key, d);
  };

  const latest: VideoLatest[] = [];
  for (const [key, observations] of byVideo) {
    const newest = observations.reduce((a, b) => (isNewer(b, a) ? b : a));
    const old = current.get(key);
    const total = (old?.observations ?? 0) + observations.length;
    if (old && !isNewer(newest, old)) {
      // Everything new is older than what counts: only the observation count moves.
      latest.push({ ...old, observations: total });
      bump(old.creatorId, dayOf(old.postedAt), 1, ZERO_COUNTERS, 0, observations.length, null);
      continue;
    }
    const next: VideoLatest = {
      creatorId: newest.creatorId,
      videoId: newest.videoId,
      postedAt: newest.postedAt,
      observedAt: newest.observedAt,
      observationId: newest.observationId,
      avgWatchSeconds: newest.avgWatchSeconds,
      ...counters(newest),
      observations: total,
    };
    latest.push(next);
    if (old) bump(old.creatorId, dayOf(old.postedAt), -1, counters(old), 1, old.observations, null);
    bump(next.creatorId, dayOf(next.postedAt), 1, counters(next), 1, total, next.observedAt);
  }
  return { latest, daily: [...daily.values()], days: lastOfEachDay(incoming) };
}

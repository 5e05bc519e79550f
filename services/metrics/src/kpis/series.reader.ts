import type { EntityManager } from '@mikro-orm/postgresql';
import type { Series } from '#libs/contracts';
import { LAST_VIDEOS } from './kpi.formulas.js';
import { metricsTable } from '../db.js';
import { seriesStart, videoPoint } from './series.formulas.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * A creator's chart series from the rollups: one daily row per day with a follower snapshot
 * (at most `days` rows of the creator's primary-key range) and the latest observation of the
 * 30 most recent videos (one range scan of the recent-videos index), however many
 * observations were ever ingested.
 */
export async function readSeries(em: EntityManager, creatorId: string, days: number, now: Date): Promise<Series> {
  const from = seriesStart(days, now).toISOString().slice(0, 10);
  const [followers, videos] = await Promise.all([
    em.execute<{ day: string; followers: number; observedAt: Date }[]>(
      `select to_char("day", 'YYYY-MM-DD') as "day", "followers"::float8 as "followers", "followers_observed_at" as "observedAt"
         from ${metricsTable('creator_daily')}
        where "creator_id" = ? and "day" >= ?::date and "followers" is not null
        order by "day"`,
      [creatorId, from],
    ),
    em.execute<{ videoId: string; postedAt: Date; observedAt: Date; views: number; likes: number; comments: number; shares: number }[]>(
      `select "video_id" as "videoId", "posted_at" as "postedAt", "observed_at" as "observedAt", "views"::float8 as "views",
              "likes"::float8 as "likes", "comments"::float8 as "comments", "shares"::float8 as "shares"
         from ${metricsTable('video_latest')} where "creator_id" = ?
        order by "posted_at" desc, "video_id" desc limit ${LAST_VIDEOS}`,
      [creatorId],
    ),
  ]);
  const observed = [...followers, ...videos].map((r) => iso(r.observedAt)!).sort();
  return {
    creatorId,
    from,
    followers: followers.map((r) => ({ day: r.day, followers: r.followers })),
    videos: videos.reverse().map(videoPoint),
    asOf: observed.at(-1) ?? null,
  };
}

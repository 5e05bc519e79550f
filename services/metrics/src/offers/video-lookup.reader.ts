import type { EntityManager } from '@mikro-orm/postgresql';
import { metricsTable as t, uuidArray } from '../db.js';

/** Every creator each video id was observed for, with when it was posted. */
export async function knownVideos(em: EntityManager, videoIds: readonly string[]): Promise<{ videoId: string; creatorId: string; postedAt: string }[]> {
  const rows = await em.execute<{ videoId: string; creatorId: string; postedAt: Date }[]>(
    `select "video_id" as "videoId", "creator_id" as "creatorId", "posted_at" as "postedAt" from ${t('video_latest')}
      where "video_id" = any(?::text[]) order by "video_id", "creator_id"`,
    // Video ids are letters, digits and _.:- only (the contract's pattern), so they need no quoting in an array literal.
    [uuidArray(videoIds)],
  );
  return rows.map((r) => ({ videoId: r.videoId, creatorId: r.creatorId, postedAt: new Date(r.postedAt).toISOString() }));
}

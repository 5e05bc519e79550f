import type { EntityManager } from '@mikro-orm/postgresql';
import { queryBound } from '#libs/persistence';
import { schemaOf, type AudienceSnapshot, type FollowerSnapshot, type ObservationKind, type VideoObservation } from '#libs/contracts';
import { regressionOf, type ObservationOf } from './ingest.rules.js';

/**
 * Set-based writes of a whole batch: one INSERT per kind (rows travel as one JSON document
 * expanded by json_to_recordset: a document read once is cheaper to parse as `json` than to
 * build as `jsonb`), ON CONFLICT DO NOTHING for idempotency by observationId. Never a round
 * trip per record.
 */

const table = (name: string) => `"${schemaOf('metrics-ingestion')}"."${name}"`;

export interface StoredBatch {
  /** observationIds that were new (the rest were already stored). */
  inserted: Set<string>;
  /** Reasons for new video observations whose counters went down. */
  flagged: Map<string, string>;
}

async function insertReturningNew(em: EntityManager, sql: string, batchId: string, rows: unknown[]): Promise<Set<string>> {
  const result = await queryBound<{ id: string }>(em, sql, [batchId, JSON.stringify(rows)]);
  return new Set(result.map((r) => r.id));
}

async function storeVideos(em: EntityManager, rows: VideoObservation[], batchId: string): Promise<StoredBatch> {
  const inserted = await insertReturningNew(
    em,
    `insert into ${table('video_observations')}
       ("observation_id", "creator_id", "video_id", "posted_at", "observed_at", "views", "six_second_views",
        "completed_views", "likes", "comments", "shares", "avg_watch_seconds", "batch_id")
     select "observationId", "creatorId", "videoId", "postedAt", "observedAt", "views", "sixSecondViews",
            "completedViews", "likes", "comments", "shares", "avgWatchSeconds", $1::uuid
       from json_to_recordset($2::json) as r("observationId" uuid, "creatorId" uuid, "videoId" text, "postedAt" timestamptz,
            "observedAt" timestamptz, "views" bigint, "sixSecondViews" bigint, "completedViews" bigint, "likes" bigint,
            "comments" bigint, "shares" bigint, "avgWatchSeconds" double precision)
     on conflict ("observation_id") do nothing
     returning "observation_id" as "id"`,
    batchId,
    rows,
  );
  return { inserted, flagged: inserted.size ? await flagRegressions(em, rows, inserted) : new Map() };
}

type PreviousObservation = Pick<VideoObservation, 'views' | 'sixSecondViews' | 'completedViews' | 'likes' | 'comments' | 'shares'> & {
  id: string;
  observedAt: Date;
};

/** Compares each new observation with the one before it (by observedAt) and records why it went down. */
async function flagRegressions(em: EntityManager, rows: VideoObservation[], inserted: Set<string>): Promise<Map<string, string>> {
  const fresh = rows.filter((r) => inserted.has(r.observationId));
  // The new rows are known here: only the previous observation of each is read, by the video index.
  const previous = await queryBound<PreviousObservation>(
    em,
    `select n."observationId" as "id", p."observed_at" as "observedAt", p."views"::float8 as "views",
            p."six_second_views"::float8 as "sixSecondViews", p."completed_views"::float8 as "completedViews",
            p."likes"::float8 as "likes", p."comments"::float8 as "comments", p."shares"::float8 as "shares"
       from json_to_recordset($1::json) as n("observationId" uuid, "creatorId" uuid, "videoId" text, "observedAt" timestamptz)
       join lateral (
         select * from ${table('video_observations')} p
          where p."creator_id" = n."creatorId" and p."video_id" = n."videoId" and p."observed_at" < n."observedAt"
          order by p."observed_at" desc limit 1) p on true`,
    [JSON.stringify(fresh.map(({ observationId, creatorId, videoId, observedAt }) => ({ observationId, creatorId, videoId, observedAt })))],
  );
  const byId = new Map(fresh.map((r) => [r.observationId, r]));
  const flagged = new Map<string, string>();
  for (const prev of previous) {
    const next = byId.get(prev.id);
    const reason = next && regressionOf({ ...prev, observedAt: new Date(prev.observedAt).toISOString() }, next);
    if (reason) flagged.set(prev.id, reason);
  }
  if (flagged.size) {
    await queryBound(
      em,
      `update ${table('video_observations')} o set "regression" = x."reason"
         from json_to_recordset($1::json) as x("id" uuid, "reason" text) where o."observation_id" = x."id"`,
      [JSON.stringify([...flagged].map(([id, reason]) => ({ id, reason })))],
    );
  }
  return flagged;
}

async function storeFollowers(em: EntityManager, rows: FollowerSnapshot[], batchId: string): Promise<StoredBatch> {
  const inserted = await insertReturningNew(
    em,
    `insert into ${table('follower_snapshots')} ("observation_id", "creator_id", "observed_at", "followers", "batch_id")
     select "observationId", "creatorId", "observedAt", "followers", $1::uuid
       from json_to_recordset($2::json) as r("observationId" uuid, "creatorId" uuid, "observedAt" timestamptz, "followers" bigint)
     on conflict ("observation_id") do nothing
     returning "observation_id" as "id"`,
    batchId,
    rows,
  );
  return { inserted, flagged: new Map() };
}

async function storeAudience(em: EntityManager, rows: AudienceSnapshot[], batchId: string): Promise<StoredBatch> {
  const inserted = await insertReturningNew(
    em,
    `insert into ${table('audience_snapshots')} ("observation_id", "creator_id", "observed_at", "ages", "genders", "countries", "devices", "batch_id")
     select "observationId", "creatorId", "observedAt", "ages", "genders", "countries", "devices", $1::uuid
       from json_to_recordset($2::json) as r("observationId" uuid, "creatorId" uuid, "observedAt" timestamptz,
            "ages" jsonb, "genders" jsonb, "countries" jsonb, "devices" jsonb)
     on conflict ("observation_id") do nothing
     returning "observation_id" as "id"`,
    batchId,
    rows,
  );
  return { inserted, flagged: new Map() };
}

export const storeObservations: { [K in ObservationKind]: (em: EntityManager, rows: ObservationOf[K][], batchId: string) => Promise<StoredBatch> } = {
  videos: storeVideos,
  followers: storeFollowers,
  audience: storeAudience,
};

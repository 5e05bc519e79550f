import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { copyIntoStaging, queryBound, stagingColumnList, type StagingColumn } from '#libs/persistence';
import { schemaOf, type AudienceSnapshot, type FollowerSnapshot, type ObservationKind, type VideoObservation } from '#libs/contracts';
import { regressionOf, type ObservationOf } from './ingest.rules.js';

/**
 * Set-based writes of a whole batch: one INSERT per kind, ON CONFLICT DO NOTHING for
 * idempotency by observationId. Videos are copied into a staging table first; the small kinds
 * travel as one JSON document expanded by json_to_recordset. Never a round trip per record.
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

/** A video batch's rows as COPY reads them (columns of the raw table, in its order). */
const VIDEO_STAGING: StagingColumn<VideoObservation>[] = [
  ['observation_id', 'uuid', (r) => r.observationId],
  ['creator_id', 'uuid', (r) => r.creatorId],
  ['video_id', 'text', (r) => r.videoId],
  ['posted_at', 'timestamptz', (r) => r.postedAt],
  ['observed_at', 'timestamptz', (r) => r.observedAt],
  ['views', 'bigint', (r) => r.views],
  ['six_second_views', 'bigint', (r) => r.sixSecondViews],
  ['completed_views', 'bigint', (r) => r.completedViews],
  ['likes', 'bigint', (r) => r.likes],
  ['comments', 'bigint', (r) => r.comments],
  ['shares', 'bigint', (r) => r.shares],
  ['avg_watch_seconds', 'double precision', (r) => r.avgWatchSeconds],
];
const VIDEO_COLUMNS = stagingColumnList(VIDEO_STAGING);

/**
 * Video batches are the bulk of ingestion: they are copied into a staging table on the
 * transaction's own connection and merged with one statement, and the regression check reads
 * the staged rows, so the batch is never parsed from JSON by the server.
 */
async function storeVideos(em: EntityManager, rows: VideoObservation[], batchId: string): Promise<StoredBatch> {
  const staging = await copyIntoStaging(em, 'video_observations_staging', VIDEO_STAGING, rows);
  const inserted = await insertAllNew(em, staging, rows, batchId) ?? await insertNewOnes(em, staging, batchId);
  return { inserted, flagged: inserted.size ? await flagRegressions(em, staging, rows, inserted) : new Map() };
}

/**
 * A batch usually holds only new observations (a redelivery or a retried request is the
 * exception), and a plain insert costs the server about a third less than one that checks
 * every row for a conflict and returns the new ids. So the plain insert is tried first, behind
 * a savepoint; a duplicate rolls back to it (undefined) and the batch goes the checking way.
 */
async function insertAllNew(em: EntityManager, staging: string, rows: VideoObservation[], batchId: string): Promise<Set<string> | undefined> {
  await queryBound(em, 'savepoint "all_new"');
  try {
    await queryBound(em, insertStagedVideos(staging, 'plain'), [batchId]);
  } catch (err) {
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    await queryBound(em, 'rollback to savepoint "all_new"');
    return undefined;
  }
  await queryBound(em, 'release savepoint "all_new"');
  return new Set(rows.map((r) => r.observationId));
}

async function insertNewOnes(em: EntityManager, staging: string, batchId: string): Promise<Set<string>> {
  const result = await queryBound<{ id: string }>(em, insertStagedVideos(staging, 'skipping duplicates'), [batchId]);
  return new Set(result.map((r) => r.id));
}

/** The staged rows into the raw table, `$1` the batch id; skipping duplicates, it returns the ids it inserted. */
function insertStagedVideos(staging: string, mode: 'plain' | 'skipping duplicates'): string {
  const insert = `insert into ${table('video_observations')} (${VIDEO_COLUMNS}, "batch_id") select ${VIDEO_COLUMNS}, $1::uuid from ${staging}`;
  return mode === 'plain' ? insert : `${insert} on conflict ("observation_id") do nothing returning "observation_id" as "id"`;
}

type PreviousObservation = Pick<VideoObservation, 'views' | 'sixSecondViews' | 'completedViews' | 'likes' | 'comments' | 'shares'> & {
  id: string;
  observedAt: Date;
};

/** Compares each new observation with the one before it (by observedAt) and records why it went down. */
async function flagRegressions(em: EntityManager, staging: string, rows: VideoObservation[], inserted: Set<string>): Promise<Map<string, string>> {
  // Only the previous observation of each staged row is read, by the video index; rows of this
  // batch are in the table by now, so a batch's own out-of-order observations are compared too.
  // The SQL only narrows the rows to those with some counter lower; regressionOf says why.
  const previous = await queryBound<PreviousObservation>(
    em,
    `select n."observation_id" as "id", p."observed_at" as "observedAt", p."views"::float8 as "views",
            p."six_second_views"::float8 as "sixSecondViews", p."completed_views"::float8 as "completedViews",
            p."likes"::float8 as "likes", p."comments"::float8 as "comments", p."shares"::float8 as "shares"
       from ${staging} n
       join lateral (
         select * from ${table('video_observations')} p
          where p."creator_id" = n."creator_id" and p."video_id" = n."video_id" and p."observed_at" < n."observed_at"
          order by p."observed_at" desc limit 1) p on true
      where n."views" < p."views" or n."six_second_views" < p."six_second_views" or n."completed_views" < p."completed_views"
         or n."likes" < p."likes" or n."comments" < p."comments" or n."shares" < p."shares"`,
  );
  const byId = new Map(rows.map((r) => [r.observationId, r]));
  const flagged = new Map<string, string>();
  for (const prev of previous) {
    const next = inserted.has(prev.id) ? byId.get(prev.id) : undefined;
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

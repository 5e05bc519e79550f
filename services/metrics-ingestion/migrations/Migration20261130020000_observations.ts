import { Migration } from '@mikro-orm/migrations';

/**
 * Raw observations as connectors sent them, one row per `observationId` (the primary key is
 * what makes ingestion idempotent). Rows are never updated except to flag a counter that
 * went down; the metrics service keeps the rollups.
 */
export class Migration20261130020000Observations extends Migration {
  override up(): void {
    this.addSql(`create table "video_observations" (
      "observation_id" uuid not null primary key,
      "creator_id" uuid not null,
      "video_id" text not null,
      "posted_at" timestamptz not null,
      "observed_at" timestamptz not null,
      "views" bigint not null,
      "six_second_views" bigint not null,
      "completed_views" bigint not null,
      "likes" bigint not null,
      "comments" bigint not null,
      "shares" bigint not null,
      "avg_watch_seconds" double precision not null,
      "regression" text null,
      "batch_id" uuid not null,
      "received_at" timestamptz not null default now())`);
    // The previous observation of a video, for regression checks.
    this.addSql(`create index "video_observations_video_idx" on "video_observations" ("creator_id", "video_id", "observed_at" desc)`);
    this.addSql(`create index "video_observations_batch_idx" on "video_observations" ("batch_id")`);

    this.addSql(`create table "follower_snapshots" (
      "observation_id" uuid not null primary key,
      "creator_id" uuid not null,
      "observed_at" timestamptz not null,
      "followers" bigint not null,
      "batch_id" uuid not null,
      "received_at" timestamptz not null default now())`);
    this.addSql(`create index "follower_snapshots_creator_idx" on "follower_snapshots" ("creator_id", "observed_at" desc)`);

    this.addSql(`create table "audience_snapshots" (
      "observation_id" uuid not null primary key,
      "creator_id" uuid not null,
      "observed_at" timestamptz not null,
      "ages" jsonb not null,
      "genders" jsonb not null,
      "countries" jsonb not null,
      "devices" jsonb null,
      "batch_id" uuid not null,
      "received_at" timestamptz not null default now())`);
    this.addSql(`create index "audience_snapshots_creator_idx" on "audience_snapshots" ("creator_id", "observed_at" desc)`);
  }

  override down(): void {
    this.addSql('drop table if exists "audience_snapshots"');
    this.addSql('drop table if exists "follower_snapshots"');
    this.addSql('drop table if exists "video_observations"');
  }
}

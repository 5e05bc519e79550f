import { Migration } from '@mikro-orm/migrations';

/**
 * Rollups maintained on write, so a KPI read touches a creator's latest videos, a few daily
 * rows and two follower snapshots, however many observations were ever ingested:
 *  - video_latest: the observation that counts for each video (latest observedAt);
 *  - creator_daily: per creator and UTC posting day, the counters of that day's videos, how
 *    many were posted, and followers at the end of the day;
 *  - follower_snapshots: one row per snapshot (small: about one a day per creator), for the
 *    growth baseline "latest snapshot at or before the window start";
 *  - audience_latest: the newest audience snapshot;
 *  - creator_summary: each creator's `last30v` figures, for cohorts and discovery;
 *  - benchmark_cohorts: cut points of each cohort's distribution, recomputed on a schedule;
 *  - creator_grants: metrics' copy of identity's delegation grants, to authorize reads.
 * The latest-video and daily rows are rewritten by every event that touches them: free space
 * in each page keeps those updates HOT (no new index entries), and vacuum runs early, so a
 * creator with millions of observations does not leave a trail of dead rows for reads to skip.
 */
export class Migration20261130020000Rollups extends Migration {
  override up(): void {
    this.addSql(`create table "video_latest" (
      "creator_id" uuid not null,
      "video_id" text not null,
      "posted_at" timestamptz not null,
      "observed_at" timestamptz not null,
      "observation_id" uuid not null,
      "views" bigint not null,
      "six_second_views" bigint not null,
      "completed_views" bigint not null,
      "likes" bigint not null,
      "comments" bigint not null,
      "shares" bigint not null,
      "avg_watch_seconds" double precision not null,
      "observations" integer not null,
      primary key ("creator_id", "video_id"))
      with (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01)`);
    this.addSql(`create index "video_latest_recent_idx" on "video_latest" ("creator_id", "posted_at" desc, "video_id" desc)`);

    this.addSql(`create table "creator_daily" (
      "creator_id" uuid not null,
      "day" date not null,
      "views" bigint not null default 0,
      "six_second_views" bigint not null default 0,
      "completed_views" bigint not null default 0,
      "likes" bigint not null default 0,
      "comments" bigint not null default 0,
      "shares" bigint not null default 0,
      "videos_posted" integer not null default 0,
      "observations" integer not null default 0,
      "latest_observed_at" timestamptz null,
      "followers" bigint null,
      "followers_observed_at" timestamptz null,
      primary key ("creator_id", "day"))
      with (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01)`);

    this.addSql(`create table "follower_snapshots" (
      "creator_id" uuid not null,
      "observed_at" timestamptz not null,
      "followers" bigint not null,
      "observation_id" uuid not null,
      primary key ("creator_id", "observed_at"))`);

    this.addSql(`create table "audience_latest" (
      "creator_id" uuid not null primary key,
      "observation_id" uuid not null,
      "observed_at" timestamptz not null,
      "ages" jsonb not null,
      "genders" jsonb not null,
      "countries" jsonb not null,
      "devices" jsonb null)`);

    this.addSql(`create table "creator_summary" (
      "creator_id" uuid not null primary key,
      "followers" bigint null,
      "follower_band" text null,
      "category" text null,
      "engagement_rate" double precision null,
      "six_second_view_rate" double precision null,
      "completion_rate" double precision null,
      "videos" integer not null default 0,
      "updated_at" timestamptz not null)`);

    this.addSql(`create table "benchmark_cohorts" (
      "metric" text not null,
      "follower_band" text not null,
      "category" text not null,
      "size" integer not null,
      "cuts" double precision[] not null,
      "computed_at" timestamptz not null,
      primary key ("metric", "follower_band", "category"))`);

    this.addSql(`create table "creator_grants" (
      "grant_id" uuid not null primary key,
      "agency_id" uuid not null,
      "creator_id" uuid not null,
      "status" text not null,
      "scopes" jsonb not null,
      "expires_at" timestamptz null)`);
    this.addSql(`create index "creator_grants_pair_idx" on "creator_grants" ("agency_id", "creator_id")`);
  }

  override down(): void {
    for (const t of ['creator_grants', 'benchmark_cohorts', 'creator_summary', 'audience_latest', 'follower_snapshots', 'creator_daily', 'video_latest']) {
      this.addSql(`drop table if exists "${t}"`);
    }
  }
}

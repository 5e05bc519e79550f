import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox and inbox tables (MESSAGING_ENTITIES), created in the service's own schema (the migrator sets the
 * search path). Each service lists this as its first checked-in migration.
 */
export abstract class MessagingTablesMigration extends Migration {
  override up(): void {
    this.addSql(`create table "outbox" (
      "id" uuid not null primary key,
      "subject" text not null,
      "envelope" jsonb not null,
      "trace_carrier" jsonb not null,
      "occurred_at" timestamptz not null,
      "published_at" timestamptz null,
      "attempts" int not null default 0,
      "last_error" text null)`);
    this.addSql(`create index "outbox_pending_idx" on "outbox" ("occurred_at") where "published_at" is null`);
    this.addSql(`create table "inbox" (
      "consumer" text not null,
      "event_id" uuid not null,
      "processed_at" timestamptz not null,
      primary key ("consumer", "event_id"))`);
  }

  override down(): void {
    this.addSql('drop table if exists "inbox"');
    this.addSql('drop table if exists "outbox"');
  }
}

/**
 * Second messaging migration: `projection_versions` (per-aggregate order for `applyInOrder`) and
 * outbox parking (a row that keeps failing is set aside with its reason instead of blocking the
 * rows behind it). Each service lists this as `Migration20261130000000_messaging_v2`.
 */
export abstract class MessagingTablesV2Migration extends Migration {
  override up(): void {
    this.addSql(`create table "projection_versions" (
      "projection" text not null,
      "aggregate_id" text not null,
      "version" int not null,
      "updated_at" timestamptz not null,
      primary key ("projection", "aggregate_id"))`);
    this.addSql('alter table "outbox" add column "parked_at" timestamptz null, add column "parked_reason" text null');
    this.addSql('drop index if exists "outbox_pending_idx"');
    this.addSql(`create index "outbox_pending_idx" on "outbox" ("occurred_at") where "published_at" is null and "parked_at" is null`);
    this.addSql(`create index "outbox_parked_idx" on "outbox" ("parked_at") where "parked_at" is not null`);
  }

  override down(): void {
    this.addSql('drop index if exists "outbox_parked_idx"');
    this.addSql('drop index if exists "outbox_pending_idx"');
    this.addSql(`create index "outbox_pending_idx" on "outbox" ("occurred_at") where "published_at" is null`);
    this.addSql('alter table "outbox" drop column "parked_reason", drop column "parked_at"');
    this.addSql('drop table if exists "projection_versions"');
  }
}

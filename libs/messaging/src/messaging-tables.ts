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

import { Migration } from '@mikro-orm/migrations';

/** Webhook endpoints, their deliveries and each attempt (Standard Webhooks; docs/notifications.md). */
export class Migration20261205100000Webhooks extends Migration {
  override up(): void {
    this.addSql(`create table "webhook_endpoints" (
      "id" uuid not null primary key,
      "org_id" uuid not null,
      "url" text not null,
      "events" jsonb not null,
      "description" text not null,
      "secret" text not null,
      "previous_secret" text null,
      "previous_secret_until" timestamptz null,
      "consecutive_failures" int not null default 0,
      "failing_since" timestamptz null,
      "disabled_at" timestamptz null,
      "created_at" timestamptz not null)`);
    this.addSql(`create index "webhook_endpoints_org_idx" on "webhook_endpoints" ("org_id", "created_at" desc)`);
    this.addSql(`create table "webhook_deliveries" (
      "id" uuid not null primary key,
      "endpoint_id" uuid not null references "webhook_endpoints" ("id") on delete cascade,
      "org_id" uuid not null,
      "event_id" uuid null,
      "event_type" text not null,
      "body" text not null,
      "status" text not null check ("status" in ('pending', 'succeeded', 'failed')),
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz null,
      "retry_until" timestamptz null,
      "manual" boolean not null default false,
      "created_at" timestamptz not null,
      unique ("endpoint_id", "event_id", "event_type"))`);
    // What the worker claims: due pending deliveries, oldest due first.
    this.addSql(`create index "webhook_deliveries_due_idx" on "webhook_deliveries" ("next_attempt_at") where "status" = 'pending'`);
    this.addSql(`create index "webhook_deliveries_log_idx" on "webhook_deliveries" ("endpoint_id", "created_at" desc, "id" desc)`);
    this.addSql(`create table "webhook_attempts" (
      "id" uuid not null primary key,
      "delivery_id" uuid not null references "webhook_deliveries" ("id") on delete cascade,
      "at" timestamptz not null,
      "response_status" int null,
      "error" text null,
      "duration_ms" int not null)`);
    this.addSql(`create index "webhook_attempts_delivery_idx" on "webhook_attempts" ("delivery_id", "at")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "webhook_attempts"`);
    this.addSql(`drop table if exists "webhook_deliveries"`);
    this.addSql(`drop table if exists "webhook_endpoints"`);
  }
}

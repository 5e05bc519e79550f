import { Migration } from '@mikro-orm/migrations';

/**
 * Campaigns a brand can run: a status (active, paused, closed), a version for optimistic
 * concurrency on edits, and the log of who changed what. Existing campaigns start active at
 * version 1, last changed when created.
 */
export class Migration20261221000000CampaignLifecycle extends Migration {
  override up(): void {
    this.addSql(`alter table "campaigns" add column if not exists "status" text not null default 'active'`);
    this.addSql(`alter table "campaigns" add constraint "campaigns_status_check" check ("status" in ('active', 'paused', 'closed'))`);
    this.addSql(`alter table "campaigns" add column if not exists "version" integer not null default 1`);
    this.addSql(`alter table "campaigns" add column if not exists "updated_at" timestamptz not null default now()`);
    this.addSql(`update "campaigns" set "updated_at" = "created_at"`);
    this.addSql(`create table if not exists "campaign_audit" (
      "id" uuid primary key,
      "campaign_id" uuid not null,
      "action" text not null,
      "actor_user_id" uuid not null,
      "actor_org_id" uuid null,
      "at" timestamptz not null,
      "version" integer not null,
      "trace_id" text null,
      "details" jsonb not null)`);
    this.addSql(`create index if not exists "campaign_audit_campaign_idx" on "campaign_audit" ("campaign_id", "at")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "campaign_audit"`);
    this.addSql(`alter table "campaigns" drop constraint if exists "campaigns_status_check"`);
    this.addSql(`alter table "campaigns" drop column if exists "updated_at"`);
    this.addSql(`alter table "campaigns" drop column if exists "version"`);
    this.addSql(`alter table "campaigns" drop column if exists "status"`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Campaigns, offers, and the event-fed copies of creators, rate cards and grants. Runs with the
 * search path set to the campaigns schema.
 */
export class Migration20261130020000Campaigns extends Migration {
  override up(): void {
    this.addSql(`create table "campaigns" (
      "id" uuid not null primary key,
      "brand_id" uuid not null,
      "brand_name" text not null,
      "name" text not null,
      "brief" text not null,
      "objectives" jsonb not null,
      "budget" jsonb not null,
      "starts_at" timestamptz not null,
      "ends_at" timestamptz not null,
      "deliverables" jsonb not null,
      "target_audience" jsonb not null,
      "created_by" uuid not null,
      "created_at" timestamptz not null,
      constraint "campaigns_dates_in_order" check ("ends_at" > "starts_at"))`);
    this.addSql(`create index "campaigns_brand_idx" on "campaigns" ("brand_id", "created_at" desc, "id" desc)`);

    this.addSql(`create table "offers" (
      "id" uuid not null primary key,
      "campaign_id" uuid not null references "campaigns" ("id") deferrable initially deferred,
      "brand_id" uuid not null,
      "creator_id" uuid not null,
      "status" text not null check ("status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation', 'accepted', 'declined', 'expired', 'withdrawn', 'active', 'content_submitted', 'revisions_requested', 'approved', 'completed')),
      "price" jsonb not null,
      "terms" jsonb not null,
      "terms_version" integer not null,
      "respond_by" timestamptz not null,
      "below_rate_card" boolean null,
      "rate_card_price" jsonb null,
      "rate_card_version" integer null,
      "sent_by" uuid not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1)`);
    // One open offer per campaign and creator; the database is the last word under concurrency.
    this.addSql(`create unique index "offers_one_open_per_pair" on "offers" ("campaign_id", "creator_id")
      where "status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation')`);
    this.addSql(`create index "offers_creator_idx" on "offers" ("creator_id", "created_at" desc, "id" desc)`);
    this.addSql(`create index "offers_campaign_idx" on "offers" ("campaign_id", "created_at" desc)`);
    // The expiry sweep looks only at open offers, oldest deadline first.
    this.addSql(`create index "offers_open_respond_by_idx" on "offers" ("respond_by")
      where "status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation')`);

    this.addSql(`create table "known_creators" (
      "creator_id" uuid not null primary key,
      "handle" text null,
      "name" text not null,
      "registered_at" timestamptz not null)`);

    this.addSql(`create table "rate_cards" (
      "creator_id" uuid not null primary key,
      "version" integer not null,
      "items" jsonb not null,
      "changed_at" timestamptz not null)`);

    this.addSql(`create table "grants" (
      "grant_id" uuid not null primary key,
      "agency_id" uuid not null,
      "creator_id" uuid not null,
      "status" text not null,
      "scopes" jsonb not null,
      "expires_at" timestamptz null)`);
    this.addSql(`create index "grants_pair_idx" on "grants" ("agency_id", "creator_id")`);
  }
}

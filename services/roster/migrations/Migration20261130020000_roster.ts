import { Migration } from '@mikro-orm/migrations';

/**
 * Roster memberships (projection of identity's grants), creator profiles, rate cards and their
 * history. Runs with the search path set to the roster schema.
 */
export class Migration20261130020000Roster extends Migration {
  override up(): void {
    this.addSql(`create table "roster_memberships" (
      "grant_id" uuid not null primary key,
      "agency_id" uuid not null,
      "creator_id" uuid not null,
      "status" text not null check ("status" in ('active', 'ended')),
      "scopes" jsonb not null,
      "since" timestamptz not null,
      "expires_at" timestamptz null,
      "ended_at" timestamptz null,
      "assignee_ids" jsonb not null default '[]')`);
    this.addSql(`create index "roster_memberships_agency_idx" on "roster_memberships" ("agency_id", "creator_id") where "status" = 'active'`);
    this.addSql(`create index "roster_memberships_creator_idx" on "roster_memberships" ("creator_id")`);

    this.addSql(`create table "creator_profiles" (
      "creator_id" uuid not null primary key,
      "handle" text not null,
      "name" text not null,
      "bio" text not null default '',
      "categories" jsonb not null default '[]',
      "regions" jsonb not null default '[]',
      "languages" jsonb not null default '[]',
      "marketplace_visible" boolean not null default false,
      "on_vacation_until" timestamptz null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" int not null default 1)`);
    this.addSql(`create index "creator_profiles_name_idx" on "creator_profiles" (lower("name"), "creator_id")`);

    this.addSql(`create table "rate_cards" (
      "creator_id" uuid not null primary key,
      "items" jsonb not null,
      "version" int not null,
      "updated_at" timestamptz not null)`);

    this.addSql(`create table "rate_changes" (
      "id" uuid not null primary key,
      "creator_id" uuid not null,
      "version" int not null,
      "changed_at" timestamptz not null,
      "changed_by" uuid not null,
      "grant_id" uuid null,
      "old_items" jsonb not null,
      "new_items" jsonb not null,
      constraint "rate_changes_version_unique" unique ("creator_id", "version"))`);
  }
}

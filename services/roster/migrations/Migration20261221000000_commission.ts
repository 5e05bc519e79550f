import { Migration } from '@mikro-orm/migrations';

/**
 * Each agency's commission on its roster creators (one row per agency × creator, its current
 * version) and every version of it. Runs with the search path set to the roster schema.
 */
export class Migration20261221000000Commission extends Migration {
  override up(): void {
    this.addSql(`create table "commissions" (
      "id" uuid not null primary key,
      "agency_id" uuid not null,
      "creator_id" uuid not null,
      "percent" double precision not null check ("percent" >= 0 and "percent" <= 100),
      "splits" jsonb not null,
      "version" int not null,
      "updated_at" timestamptz not null,
      "updated_by" uuid not null,
      constraint "commissions_agency_creator_unique" unique ("agency_id", "creator_id"))`);

    this.addSql(`create table "commission_changes" (
      "id" uuid not null primary key,
      "commission_id" uuid not null,
      "agency_id" uuid not null,
      "creator_id" uuid not null,
      "version" int not null,
      "percent" double precision not null,
      "splits" jsonb not null,
      "changed_at" timestamptz not null,
      "changed_by" uuid not null,
      "grant_id" uuid null,
      constraint "commission_changes_version_unique" unique ("commission_id", "version"))`);
    this.addSql(`create index "commission_changes_history_idx" on "commission_changes" ("agency_id", "creator_id", "changed_at" desc, "id" desc)`);
  }

  override down(): void {
    this.addSql(`drop table if exists "commission_changes"`);
    this.addSql(`drop table if exists "commissions"`);
  }
}

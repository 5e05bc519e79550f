import { Migration } from '@mikro-orm/migrations';

/**
 * Marketplace discovery and brand access:
 *  - creator_profiles: metrics' copy of roster's profile facts (`roster.evt.profile.changed.v1`):
 *    who brands may see, and the handle, name and categories a discovery result shows;
 *  - creator_summary gains the same facts discovery filters on (`categories`, the primary
 *    `category` for cohorts, `marketplace_visible`) and `median_views`, so one table answers a
 *    discovery page. A profile may arrive before any figure: its row then holds only these
 *    facts, and `updated_at` = -infinity says the figures were never computed.
 *  - Discovery walks one of two partial indexes (visible creators with a follower count) in
 *    the page's order, so a page costs the rows it reads, not the 100k rows behind it;
 *    creators without an engagement rate sort last (-1). A GIN index answers a rare category.
 *  - audience_countries: each creator's latest audience share per country, one row each, kept
 *    beside audience_latest: a country filter is then an index range the planner knows the
 *    size of (a country few audiences are in is answered from it, not by walking every
 *    visible creator's JSON).
 */
export class Migration20261130050000Discovery extends Migration {
  override up(): void {
    this.addSql(`create table "creator_profiles" (
      "creator_id" uuid not null primary key,
      "handle" text not null,
      "display_name" text not null,
      "categories" text[] not null,
      "regions" text[] not null,
      "marketplace_visible" boolean not null,
      "changed_at" timestamptz not null)`);

    this.addSql(`alter table "creator_summary"
      add column "categories" text[] not null default '{}',
      add column "marketplace_visible" boolean not null default false,
      add column "median_views" double precision null`);
    const discoverable = `where "marketplace_visible" and "followers" is not null`;
    this.addSql(`create index "creator_summary_discover_followers_idx" on "creator_summary" ("followers" desc, "creator_id" desc) ${discoverable}`);
    this.addSql(
      `create index "creator_summary_discover_engagement_idx" on "creator_summary" ((coalesce("engagement_rate", -1)) desc, "creator_id" desc) ${discoverable}`,
    );
    this.addSql(`create index "creator_summary_discover_categories_idx" on "creator_summary" using gin ("categories") ${discoverable}`);

    this.addSql(`create table "audience_countries" (
      "creator_id" uuid not null,
      "country" text not null,
      "share" double precision not null,
      primary key ("creator_id", "country"))`);
    this.addSql(`create index "audience_countries_share_idx" on "audience_countries" ("country", "share" desc, "creator_id")`);
    this.addSql(`insert into "audience_countries" ("creator_id", "country", "share")
      select a."creator_id", c."key", c."value"::float8 from "audience_latest" a cross join lateral jsonb_each_text(a."countries") c`);
  }

  override down(): void {
    this.addSql(`drop table if exists "audience_countries"`);
    this.addSql(`drop index if exists "creator_summary_discover_categories_idx"`);
    this.addSql(`drop index if exists "creator_summary_discover_engagement_idx"`);
    this.addSql(`drop index if exists "creator_summary_discover_followers_idx"`);
    this.addSql(`alter table "creator_summary" drop column "categories", drop column "marketplace_visible", drop column "median_views"`);
    this.addSql(`drop table if exists "creator_profiles"`);
  }
}

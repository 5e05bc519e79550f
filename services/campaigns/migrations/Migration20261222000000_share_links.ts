import { Migration } from '@mikro-orm/migrations';

/** Share links of campaign results: looked up by the token's hash, listed per campaign. */
export class Migration20261222000000ShareLinks extends Migration {
  override up(): void {
    this.addSql(`create table "share_links" (
      "id" uuid not null primary key,
      "campaign_id" uuid not null references "campaigns" ("id"),
      "brand_id" uuid not null,
      "token_hash" text not null,
      "expires_at" timestamptz not null,
      "created_by" uuid not null,
      "created_at" timestamptz not null,
      "revoked_at" timestamptz null,
      "revoked_by" uuid null,
      constraint "share_links_token_hash_unique" unique ("token_hash"),
      constraint "share_links_revoked_whole" check (("revoked_at" is null) = ("revoked_by" is null)))`);
    this.addSql(`create index "share_links_campaign_idx" on "share_links" ("campaign_id", "created_at" desc)`);
  }

  override down(): void {
    this.addSql(`drop table if exists "share_links"`);
  }
}

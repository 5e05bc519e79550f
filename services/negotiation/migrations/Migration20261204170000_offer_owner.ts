import { Migration } from '@mikro-orm/migrations';

/**
 * Negotiation opens offers itself (campaigns asks it to): what the offer is opened on is kept
 * with it, and one undecided offer per campaign and creator is this table's rule. Offers
 * opened before keep null names and rate-card price (campaigns' projection still has them).
 */
export class Migration20261204170000OfferOwner extends Migration {
  override up(): void {
    this.addSql(`alter table "offers" add column "rate_card_price" jsonb null, add column "rate_card_version" int null,
      add column "campaign_name" text null, add column "brand_name" text null, add column "sent_by" uuid null`);
    // Who sent an offer opened before: the author of its version 1.
    this.addSql(`update "offers" o set "sent_by" = t."actor_user_id" from "terms_versions" t where t."offer_id" = o."id" and t."number" = 1`);
    // Campaigns used to keep this rule and let a lapsed offer be replaced before its expiry
    // reached this service: such a lapsed twin is expired here, as its event would have done.
    this.addSql(`update "offers" o set "status" = 'expired', "work_status" = null, "closed_reason" = 'expired without an answer', "updated_at" = now()
      where o."status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation') and o."respond_by" <= now()
        and exists (select 1 from "offers" n where n."campaign_id" = o."campaign_id" and n."creator_id" = o."creator_id" and n."id" <> o."id"
          and n."status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation'))`);
    this.addSql(`create unique index "offers_one_undecided_per_creator" on "offers" ("campaign_id", "creator_id")
      where "status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation')`);
    this.addSql(`create index "offers_undecided_respond_by" on "offers" ("respond_by")
      where "status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation')`);
  }

  override down(): void {
    this.addSql(`drop index if exists "offers_undecided_respond_by"`);
    this.addSql(`drop index if exists "offers_one_undecided_per_creator"`);
    this.addSql(`alter table "offers" drop column if exists "rate_card_price", drop column if exists "rate_card_version",
      drop column if exists "campaign_name", drop column if exists "brand_name", drop column if exists "sent_by"`);
  }
}

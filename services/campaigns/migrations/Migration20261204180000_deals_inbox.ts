import { Migration } from '@mikro-orm/migrations';

/**
 * The deals inbox reads whose move it is and the first due date from the offers projection.
 * Offers projected before this kept no author: the brand wrote version 1, and a later proposal
 * cannot be told apart here, so an open offer on a counter reads as waiting on the creator side
 * until its next event names the author.
 */
export class Migration20261204180000DealsInbox extends Migration {
  override up(): void {
    this.addSql(`alter table "offers" add column if not exists "current_author" text not null default 'brand'`);
    this.addSql(`alter table "offers" add column if not exists "turn" text null`);
    this.addSql(`alter table "offers" add column if not exists "first_due_at" timestamptz null`);
    this.addSql(`update "offers" set "turn" = case
        when "status" in ('awaiting_response', 'changes_proposed') then case when "current_author" = 'brand' then 'creator_side' else 'brand' end
        when "status" = 'awaiting_creator_confirmation' then 'creator'
        when "status" in ('accepted', 'active', 'revisions_requested') then 'creator_side'
        when "status" in ('content_submitted', 'approved') then 'brand'
        else null end`);
    this.addSql(`update "offers" o set "first_due_at" = (
        select min((d->>'dueAt')::timestamptz) from jsonb_array_elements(o."terms"->'deliverables') d)`);
    this.addSql(`create index if not exists "offers_brand_created_idx" on "offers" ("brand_id", "created_at" desc, "id" desc)`);
    this.addSql(`create index if not exists "offers_creator_created_idx" on "offers" ("creator_id", "created_at" desc, "id" desc)`);
  }

  override down(): void {
    this.addSql(`drop index if exists "offers_creator_created_idx"`);
    this.addSql(`drop index if exists "offers_brand_created_idx"`);
    this.addSql(`alter table "offers" drop column if exists "first_due_at"`);
    this.addSql(`alter table "offers" drop column if exists "turn"`);
    this.addSql(`alter table "offers" drop column if exists "current_author"`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Offers here become a projection of negotiation's events: negotiation keeps "one open offer
 * per campaign and creator", and nothing is swept here any more. The projection keeps every
 * row and column it had, so offers sent before go on showing in tabs and counts.
 */
export class Migration20261204170000OffersProjection extends Migration {
  override up(): void {
    this.addSql(`drop index if exists "offers_one_open_per_pair"`);
    this.addSql(`drop index if exists "offers_open_respond_by_idx"`);
  }

  override down(): void {
    this.addSql(`create index if not exists "offers_open_respond_by_idx" on "offers" ("respond_by")
      where "status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation')`);
    this.addSql(`create unique index if not exists "offers_one_open_per_pair" on "offers" ("campaign_id", "creator_id")
      where "status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation')`);
  }
}

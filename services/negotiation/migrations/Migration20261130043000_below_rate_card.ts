import { Migration } from '@mikro-orm/migrations';

/**
 * Whether the offer's price was under the creator's rate card when the brand sent it, as
 * campaigns judged it (campaigns holds the cards). Offers opened before this column: null, as
 * for a creator without a card.
 */
export class Migration20261130043000BelowRateCard extends Migration {
  override up(): void {
    this.addSql(`alter table "offers" add column "below_rate_card" boolean null`);
  }

  override down(): void {
    this.addSql(`alter table "offers" drop column if exists "below_rate_card"`);
  }
}

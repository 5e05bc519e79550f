import { Migration } from '@mikro-orm/migrations';

/**
 * The payments overview reads a creator's or a brand's payments newest schedule first (and
 * the schedule in order); without these it would scan every payment of the deployment.
 */
export class Migration20261221000000PaymentsOverview extends Migration {
  override up(): void {
    this.addSql(`create index "payments_creator_overview_idx" on "payments" ("creator_id", "created_at" desc, "offer_id" desc, "seq")`);
    this.addSql(`create index "payments_brand_overview_idx" on "payments" ("brand_id", "created_at" desc, "offer_id" desc, "seq")`);
  }

  override down(): void {
    this.addSql(`drop index if exists "payments_creator_overview_idx"`);
    this.addSql(`drop index if exists "payments_brand_overview_idx"`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * The payments overview reads payments newest schedule first (and each schedule in order): an
 * agency's across many creators by walking that order and keeping its creators' rows, one
 * creator's or one brand's from their own index; without these every page would sort all the
 * payments the caller sees.
 */
export class Migration20261221000000PaymentsOverview extends Migration {
  override up(): void {
    this.addSql(`create index "payments_overview_idx" on "payments" ("created_at" desc, "offer_id" desc, "seq")`);
    this.addSql(`create index "payments_creator_overview_idx" on "payments" ("creator_id", "created_at" desc, "offer_id" desc, "seq")`);
    this.addSql(`create index "payments_brand_overview_idx" on "payments" ("brand_id", "created_at" desc, "offer_id" desc, "seq")`);
  }

  override down(): void {
    this.addSql(`drop index if exists "payments_overview_idx"`);
    this.addSql(`drop index if exists "payments_creator_overview_idx"`);
    this.addSql(`drop index if exists "payments_brand_overview_idx"`);
  }
}

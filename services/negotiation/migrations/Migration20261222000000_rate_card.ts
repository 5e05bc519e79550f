import { Migration } from '@mikro-orm/migrations';

/** The rate card an offer was sent against, so every later version of its terms is judged against it too. */
export class Migration20261222000000RateCard extends Migration {
  override up(): void {
    this.addSql(`alter table "offers" add column "rate_card" jsonb null`);
  }

  override down(): void {
    this.addSql(`alter table "offers" drop column if exists "rate_card"`);
  }
}

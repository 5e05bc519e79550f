import { Migration } from '@mikro-orm/migrations';

/**
 * What a cancelled offer still commits of its campaign's budget (its settlement: what was left
 * owed, or what was already paid if more), in the price's currency. Offers cancelled before this
 * column existed have none recorded and commit nothing, as before.
 */
export class Migration20261223000000CancellationOwed extends Migration {
  override up(): void {
    this.addSql(`alter table "offers" add column "committed_after_cancellation" jsonb null`);
  }

  override down(): void {
    this.addSql(`alter table "offers" drop column if exists "committed_after_cancellation"`);
  }
}

import { Migration } from '@mikro-orm/migrations';

const BEFORE = `'awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation', 'accepted', 'declined', 'expired', 'withdrawn', 'active', 'content_submitted', 'revisions_requested', 'approved', 'completed'`;

/** The offers projection takes the two cancellation statuses negotiation now decides (issue 21). */
export class Migration20261220000000CancellationStatuses extends Migration {
  override up(): void {
    this.addSql(`alter table "offers" drop constraint if exists "offers_status_check"`);
    this.addSql(`alter table "offers" add constraint "offers_status_check" check ("status" in (${BEFORE}, 'cancellation_requested', 'cancelled'))`);
  }

  override down(): void {
    this.addSql(`alter table "offers" drop constraint if exists "offers_status_check"`);
    this.addSql(`alter table "offers" add constraint "offers_status_check" check ("status" in (${BEFORE}))`);
  }
}

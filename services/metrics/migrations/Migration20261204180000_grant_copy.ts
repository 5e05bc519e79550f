import { GrantCopyMigration } from '#libs/service-defaults';

/**
 * Metrics' grants move into the shared grant copy; the old table kept no change time, so the move stamps one.
 * Stands in for the kit's grant-copy migration of this name (`persistence.grantCopy`).
 */
export class Migration20261204180000GrantCopy extends GrantCopyMigration {
  override up(): void {
    super.up();
    this.moveRows({ table: 'creator_grants', projection: 'metrics-grants', columns: { grantId: '"grant_id"', updatedAt: 'now()' } });
  }
}

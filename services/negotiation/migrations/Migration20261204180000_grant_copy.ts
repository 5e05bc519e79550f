import { GrantCopyMigration } from '#libs/service-defaults';

/**
 * Negotiation's grants move into the shared grant copy, with the change times they kept.
 * Stands in for the kit's grant-copy migration of this name (`persistence.grantCopy`).
 */
export class Migration20261204180000GrantCopy extends GrantCopyMigration {
  override up(): void {
    super.up();
    this.moveRows({ table: 'grants', projection: 'grants', columns: { grantId: '"id"', updatedAt: '"updated_at"' } });
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * The offer screen names what the offer is about: the campaign's brief and the creator's handle
 * and name, as campaigns knew them when it opened the offer. Offers opened before keep nulls.
 */
export class Migration20261204180000OfferContext extends Migration {
  override up(): void {
    this.addSql(`alter table "offers" add column if not exists "campaign_brief" text null,
      add column if not exists "creator_handle" text null, add column if not exists "creator_name" text null`);
  }

  override down(): void {
    this.addSql(`alter table "offers" drop column if exists "campaign_brief", drop column if exists "creator_handle", drop column if exists "creator_name"`);
  }
}

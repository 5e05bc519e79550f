import { Migration } from '@mikro-orm/migrations';

/**
 * Which observation each video's day holds, so two observations of the same instant settle on
 * the greater id whichever arrives first, as the latest row does. Rows from before keep null and
 * give way to any observation of the same instant.
 */
export class Migration20261205110000VideoDailyObservation extends Migration {
  override up(): void {
    this.addSql(`alter table "video_daily" add column "observation_id" uuid null`);
  }

  override down(): void {
    this.addSql(`alter table "video_daily" drop column "observation_id"`);
  }
}

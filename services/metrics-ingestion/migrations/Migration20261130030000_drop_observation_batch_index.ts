import { Migration } from '@mikro-orm/migrations';

/**
 * The regression check now looks up each new row's predecessor from the rows it was given
 * (through the video index), so nothing reads video observations by batch: the batch index
 * only cost every insert a third index update.
 */
export class Migration20261130030000DropObservationBatchIndex extends Migration {
  override up(): void {
    this.addSql(`drop index if exists "video_observations_batch_idx"`);
  }

  override down(): void {
    this.addSql(`create index if not exists "video_observations_batch_idx" on "video_observations" ("batch_id")`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Looking a video up by its id alone (which creators it was observed for), to verify a
 * deliverable's video before it is approved and to tell another creator's video from an unseen
 * one. `video_id` never changes on a row, so the rollup's updates stay HOT.
 */
export class Migration20261204230000VideoIds extends Migration {
  override up(): void {
    this.addSql(`create index "video_latest_video_idx" on "video_latest" ("video_id")`);
  }

  override down(): void {
    this.addSql(`drop index if exists "video_latest_video_idx"`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Each video's views as of the last observation of each UTC day, so a campaign's results can
 * draw its creators' views over time (video_latest keeps only the newest observation). One row
 * per video per day observed; a day without an observation carries the previous day's views.
 */
export class Migration20261205000000VideoDaily extends Migration {
  override up(): void {
    this.addSql(`create table "video_daily" (
      "creator_id" uuid not null,
      "video_id" text not null,
      "day" date not null,
      "views" bigint not null,
      "observed_at" timestamptz not null,
      primary key ("creator_id", "video_id", "day"))
      with (fillfactor = 80)`);
  }

  override down(): void {
    this.addSql(`drop table if exists "video_daily"`);
  }
}

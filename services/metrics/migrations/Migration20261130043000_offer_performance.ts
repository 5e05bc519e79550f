import { Migration } from '@mikro-orm/migrations';

/**
 * What metrics keeps of offers, to answer how each one performs and to whom:
 *  - offers: the parties (from whichever event names the offer first: campaigns' `created`,
 *    negotiation's `accepted` or `approved`) and, once accepted, the agreed price in integer
 *    minor units with its currency;
 *  - offer_videos: per deliverable, the submission approved last (highest round) and the video
 *    it names (null when it names none): that video is the one the offer counts.
 * Performance reads each linked video's row in `video_latest` by (creator, video), so a video
 * of another creator with the same id never counts.
 */
export class Migration20261130043000OfferPerformance extends Migration {
  override up(): void {
    this.addSql(`create table "offers" (
      "offer_id" uuid not null primary key,
      "brand_id" uuid not null,
      "creator_id" uuid not null,
      "price_amount" bigint null,
      "price_currency" text null,
      "contract_id" uuid null,
      "accepted_at" timestamptz null,
      constraint "offers_price_whole" check (("price_amount" is null) = ("price_currency" is null)))`);

    this.addSql(`create table "offer_videos" (
      "offer_id" uuid not null,
      "deliverable" text not null,
      "submission_id" uuid not null,
      "round" integer not null,
      "video_id" text null,
      "deemed" boolean not null,
      "approved_at" timestamptz not null,
      primary key ("offer_id", "deliverable"))`);
  }

  override down(): void {
    this.addSql(`drop table if exists "offer_videos"`);
    this.addSql(`drop table if exists "offers"`);
  }
}

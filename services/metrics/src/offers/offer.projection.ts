import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, negotiationEvents, PayloadOf } from '#libs/contracts';
import { applyInOrder } from '#libs/messaging';
import { metricsTable as t } from '../db.js';

/**
 * Metrics' copy of offers: who the parties are, the agreed price, and the video each approved
 * deliverable names. The parties never change, so any event naming the offer records them
 * (its `opened` event, or a later one if metrics started reading after the opening). The
 * price and each deliverable's video are separate projections, each applied in the offer's
 * negotiation order: one projection for the whole offer would let an approval
 * that overtook the acceptance (a higher offer version) discard the price for good.
 */
export const OFFER_PRICE_PROJECTION = 'metrics-offer-price';
/** One per deliverable type, so approvals of different deliverables never shadow each other. */
export const offerVideoProjection = (deliverable: string) => `metrics-offer-video:${deliverable}`;

export interface OfferPartiesFacts {
  offerId: string;
  brandId: string;
  creatorId: string;
}

export async function recordOfferParties(em: EntityManager, o: OfferPartiesFacts): Promise<void> {
  await em.execute(`insert into ${t('offers')} ("offer_id", "brand_id", "creator_id") values (?, ?, ?) on conflict ("offer_id") do nothing`, [o.offerId, o.brandId, o.creatorId]);
}

/** Acceptance is final: the contract's price is what every later figure is measured against. */
export async function applyOfferAccepted(em: EntityManager, event: EventEnvelope<PayloadOf<typeof negotiationEvents.accepted>>): Promise<void> {
  const e = event.payload;
  await recordOfferParties(em, e);
  await applyInOrder(em, OFFER_PRICE_PROJECTION, event, async () => {
    await em.execute(`update ${t('offers')} set "price_amount" = ?, "price_currency" = ?, "contract_id" = ?, "accepted_at" = ? where "offer_id" = ?`, [
      e.price.amount,
      e.price.currency,
      e.contractId,
      e.occurredAt,
      e.offerId,
    ]);
  });
}

/**
 * Each deliverable counts the video of its latest approval: if a deliverable were approved
 * again in a later round, its new video replaces the old one (the brand paid for the current
 * cut, not for every draft), and an approval naming no video leaves the deliverable without one.
 */
export async function applyOfferApproved(em: EntityManager, event: EventEnvelope<PayloadOf<typeof negotiationEvents.approved>>): Promise<void> {
  const e = event.payload;
  await recordOfferParties(em, e);
  await applyInOrder(em, offerVideoProjection(e.deliverable), event, async () => {
    await em.execute(
      `insert into ${t('offer_videos')} ("offer_id", "deliverable", "submission_id", "round", "video_id", "deemed", "approved_at")
       values (?, ?, ?, ?, ?, ?, ?)
       on conflict ("offer_id", "deliverable") do update set "submission_id" = excluded."submission_id", "round" = excluded."round",
         "video_id" = excluded."video_id", "deemed" = excluded."deemed", "approved_at" = excluded."approved_at"`,
      [e.offerId, e.deliverable, e.submissionId, e.round, e.videoId, e.deemed, e.occurredAt],
    );
  });
}

/**
 * The creator side named the posted video of an already approved draft: the deliverable counts
 * it from now on. Ordered with the approvals of the same deliverable; should it overtake its
 * approval (which is then dropped as older), it records the approval too, as of its own time.
 */
export async function applyVideoLinked(em: EntityManager, event: EventEnvelope<PayloadOf<typeof negotiationEvents.videoLinked>>): Promise<void> {
  const e = event.payload;
  await recordOfferParties(em, e);
  await applyInOrder(em, offerVideoProjection(e.deliverable), event, async () => {
    await em.execute(
      `insert into ${t('offer_videos')} ("offer_id", "deliverable", "submission_id", "round", "video_id", "deemed", "approved_at")
       values (?, ?, ?, ?, ?, false, ?)
       on conflict ("offer_id", "deliverable") do update set "submission_id" = excluded."submission_id", "round" = excluded."round", "video_id" = excluded."video_id"`,
      [e.offerId, e.deliverable, e.submissionId, e.round, e.videoId, e.occurredAt],
    );
  });
}

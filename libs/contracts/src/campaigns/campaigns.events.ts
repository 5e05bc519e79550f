import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { moneySchema } from '../common/money.js';
import { auditRecordSchema } from '../common/audit-record.js';
import { isoTime } from '../identity/identity.schemas.js';
import { termsSchema } from '../negotiation/negotiation.schemas.js';
import { lifecycleStatusSchema } from './campaigns.schemas.js';

/**
 * Offer events, published through campaigns' outbox. aggregateId = offerId,
 * aggregateVersion = the offer's version in campaigns (it grows with every change). A withdrawal
 * or an expiry publishes its own event and a `status-changed` with the same version: a consumer
 * that applies in order keeps one projection per subject, or follows `status-changed` alone.
 */
const offerRef = z.object({
  offerId: z.uuid(),
  campaignId: z.uuid(),
  brandId: z.uuid(),
  creatorId: z.uuid(),
});

export const offerEvents = {
  created: defineEvent({
    consumers: ['negotiation', 'metrics'],
    subject: 'campaigns.evt.offer.created.v1',
    description: 'A brand sent an offer; `terms` is version 1 of its terms in full (negotiation starts from it).',
    payload: offerRef.extend({
      campaignName: z.string(),
      brandName: z.string(),
      status: z.literal('awaiting_response'),
      terms: termsSchema,
      respondBy: isoTime,
      belowRateCard: z.boolean().nullable(),
      rateCardPrice: moneySchema.nullable(),
      sentBy: z.uuid(),
      at: isoTime,
    }),
  }),
  withdrawn: defineEvent({
    consumers: ['negotiation'],
    subject: 'campaigns.evt.offer.withdrawn.v1',
    description: 'The brand withdrew a pending offer.',
    payload: offerRef.extend({ previousStatus: lifecycleStatusSchema, actorUserId: z.uuid(), at: isoTime }),
  }),
  expired: defineEvent({
    consumers: ['negotiation'],
    subject: 'campaigns.evt.offer.expired.v1',
    description: 'A pending offer reached `respondBy` without an answer.',
    payload: offerRef.extend({ previousStatus: lifecycleStatusSchema, respondBy: isoTime, at: isoTime }),
  }),
  statusChanged: defineEvent({
    consumers: ['negotiation'],
    subject: 'campaigns.evt.offer.status-changed.v1',
    description: "Every change of an offer's status, whatever caused it (withdrawal, expiry, negotiation); `cause` names it.",
    payload: offerRef.extend({
      status: lifecycleStatusSchema,
      previousStatus: lifecycleStatusSchema,
      /** `withdraw`, `expire`, or the negotiation event type (e.g. `offer.accepted`). */
      cause: z.string(),
      at: isoTime,
    }),
  }),
} as const;

export type OfferCreatedPayload = z.infer<typeof offerEvents.created.payload>;
export type OfferStatusChangedPayload = z.infer<typeof offerEvents.statusChanged.payload>;

/**
 * Every write campaigns makes for a creator, for identity's audit log; enqueued in the write's
 * own transaction so the log misses nothing. `actor.userId` is null when time acted (expiry)
 * or when the change came from negotiation. aggregateId = the creator, aggregateVersion = 0
 * (entries are independent; the envelope id dedupes).
 */
export const campaignsAuditEvents = {
  recorded: defineEvent({
    consumers: ['identity'],
    subject: 'campaigns.evt.action.recorded.v1',
    description: "An action campaigns took for a creator (an offer sent, withdrawn, expired, its status changed), for identity's audit log.",
    payload: auditRecordSchema.extend({ actor: z.object({ userId: z.uuid().nullable(), orgId: z.uuid().nullable() }) }),
  }),
} as const;

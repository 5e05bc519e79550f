import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { moneySchema } from '../common/money.js';
import { isoTime } from '../identity/identity.schemas.js';
import { termsSchema } from '../negotiation/negotiation.schemas.js';
import { offerStatusSchema } from './campaigns.schemas.js';

/**
 * Offer events, published through campaigns' outbox. aggregateId = offerId,
 * aggregateVersion = the offer's version in campaigns (it grows with every change).
 */
const offerRef = z.object({
  offerId: z.uuid(),
  campaignId: z.uuid(),
  brandId: z.uuid(),
  creatorId: z.uuid(),
});

export const offerEvents = {
  created: defineEvent({
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
    subject: 'campaigns.evt.offer.withdrawn.v1',
    description: 'The brand withdrew a pending offer.',
    payload: offerRef.extend({ previousStatus: offerStatusSchema, actorUserId: z.uuid(), at: isoTime }),
  }),
  expired: defineEvent({
    subject: 'campaigns.evt.offer.expired.v1',
    description: 'A pending offer reached `respondBy` without an answer.',
    payload: offerRef.extend({ previousStatus: offerStatusSchema, respondBy: isoTime, at: isoTime }),
  }),
  statusChanged: defineEvent({
    subject: 'campaigns.evt.offer.status-changed.v1',
    description: "Every change of an offer's status, whatever caused it (withdrawal, expiry, negotiation); `cause` names it.",
    payload: offerRef.extend({
      status: offerStatusSchema,
      previousStatus: offerStatusSchema,
      /** `withdraw`, `expire`, or the negotiation event type (e.g. `offer.accepted`). */
      cause: z.string(),
      at: isoTime,
    }),
  }),
} as const;

export type OfferCreatedPayload = z.infer<typeof offerEvents.created.payload>;
export type OfferStatusChangedPayload = z.infer<typeof offerEvents.statusChanged.payload>;

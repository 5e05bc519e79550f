import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { isoTime } from '../identity/identity.schemas.js';
import { negotiationSideSchema, positiveMoneySchema, termsSchema } from './negotiation.schemas.js';

/**
 * What happens to an offer during negotiation and creative review, published through
 * negotiation's outbox. aggregateId = offerId, aggregateVersion = the offer's negotiation
 * version (it grows with every event of that offer), so a consumer can apply them in order
 * and ignore redeliveries and late arrivals.
 */
const offerEventBase = z.object({
  offerId: z.uuid(),
  campaignId: z.uuid(),
  creatorId: z.uuid(),
  brandId: z.uuid(),
  occurredAt: isoTime,
});

export const negotiationEvents = {
  proposed: defineEvent({
    subject: 'negotiation.evt.offer.proposed.v1',
    description: 'One side proposed new terms; `termsVersion` is the new current version.',
    payload: offerEventBase.extend({ termsVersion: z.number().int().min(2), proposedBy: negotiationSideSchema, terms: termsSchema }),
  }),
  confirmationRequested: defineEvent({
    subject: 'negotiation.evt.offer.confirmation-requested.v1',
    description: "An agency accepted for a creator whose policy requires confirmation; the offer waits for the creator.",
    payload: offerEventBase.extend({ termsVersion: z.number().int().positive() }),
  }),
  accepted: defineEvent({
    subject: 'negotiation.evt.offer.accepted.v1',
    description: 'The current terms were accepted; `contractId` names the contract they became.',
    payload: offerEventBase.extend({ termsVersion: z.number().int().positive(), price: positiveMoneySchema, contractId: z.uuid() }),
  }),
  declined: defineEvent({
    subject: 'negotiation.evt.offer.declined.v1',
    description: 'One side declined the offer; negotiation ends.',
    payload: offerEventBase.extend({ declinedBy: negotiationSideSchema, reason: z.string().max(2000).optional() }),
  }),
  submitted: defineEvent({
    subject: 'negotiation.evt.offer.submitted.v1',
    description: 'The creator submitted content for one deliverable of an accepted offer.',
    payload: offerEventBase.extend({ submissionId: z.uuid(), deliverable: deliverableTypeSchema }),
  }),
  changesRequested: defineEvent({
    subject: 'negotiation.evt.offer.changes-requested.v1',
    description: 'The brand asked for changes to a submission.',
    payload: offerEventBase.extend({ submissionId: z.uuid() }),
  }),
  approved: defineEvent({
    subject: 'negotiation.evt.offer.approved.v1',
    description: 'The brand approved a submission (or its review window passed); `allApproved` once every deliverable is.',
    payload: offerEventBase.extend({ submissionId: z.uuid(), allApproved: z.boolean() }),
  }),
  completed: defineEvent({
    subject: 'negotiation.evt.offer.completed.v1',
    description: 'The brand marked the work complete after every deliverable was approved.',
    payload: offerEventBase,
  }),
} as const;

export type NegotiationEventPayload = z.infer<typeof offerEventBase>;

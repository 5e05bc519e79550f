import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { isoTime } from '../identity/identity.schemas.js';
import { moneySchema } from '../common/money.js';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { auditRecordSchema } from '../common/audit-record.js';
import { actorSchema, offerStatusSchema, workStatusSchema } from './negotiation.schemas.js';

/**
 * What happens to an offer in negotiation, published through negotiation's outbox. Campaigns
 * turns them into offer and work status. `aggregateId` is the offer id and `aggregateVersion`
 * the offer's negotiation version (it grows with every event of the offer), so a projection
 * applies each event once and never moves backwards.
 */
const offerEventBase = z.object({
  offerId: z.uuid(),
  campaignId: z.uuid(),
  creatorId: z.uuid(),
  brandId: z.uuid(),
  occurredAt: isoTime,
  /** Offer status after the event. */
  status: offerStatusSchema,
  /** Work status after the event (null before acceptance). */
  workStatus: workStatusSchema.nullable(),
  /** The current terms version. */
  version: z.number().int().positive(),
  /** Who caused it; null user when time did (deemed approval). */
  actor: actorSchema,
});

const submissionFields = { submissionId: z.uuid(), deliverable: deliverableTypeSchema, round: z.number().int().positive() };

export const negotiationEvents = {
  proposed: defineEvent({
    consumers: ['campaigns'],
    subject: 'negotiation.evt.offer.proposed.v1',
    description: 'A side proposed new terms (`version`); the offer is `changes_proposed`.',
    payload: offerEventBase.extend({ price: moneySchema }),
  }),
  confirmationRequested: defineEvent({
    consumers: ['campaigns'],
    subject: 'negotiation.evt.offer.confirmation-requested.v1',
    description: "An agency accepted for a creator whose policy requires confirmation: the offer waits as `awaiting_creator_confirmation`.",
    payload: offerEventBase,
  }),
  confirmationRejected: defineEvent({
    consumers: ['campaigns'],
    subject: 'negotiation.evt.offer.confirmation-rejected.v1',
    description: "The creator rejected their agency's accept: the offer is open again (`status`) on the same version.",
    payload: offerEventBase,
  }),
  accepted: defineEvent({
    consumers: ['campaigns', 'metrics'],
    subject: 'negotiation.evt.offer.accepted.v1',
    description: 'Terms accepted and frozen in a contract; the work becomes `active`. A withdrawal or expiry campaigns recorded first wins over it: negotiation then closes the offer too.',
    payload: offerEventBase.extend({ price: moneySchema, contractId: z.uuid(), termsHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  }),
  declined: defineEvent({
    consumers: ['campaigns'],
    subject: 'negotiation.evt.offer.declined.v1',
    description: 'A side declined the offer with `reason`; nothing is accepted after it.',
    payload: offerEventBase.extend({ reason: z.string() }),
  }),
  submitted: defineEvent({
    consumers: ['campaigns'],
    subject: 'negotiation.evt.offer.submitted.v1',
    description: 'The creator side submitted a draft for a deliverable; the work is `content_submitted`.',
    payload: offerEventBase.extend(submissionFields),
  }),
  changesRequested: defineEvent({
    consumers: ['campaigns'],
    subject: 'negotiation.evt.offer.changes-requested.v1',
    description: 'The brand requested changes to a draft; the work is `revisions_requested`.',
    payload: offerEventBase.extend(submissionFields),
  }),
  approved: defineEvent({
    consumers: ['campaigns', 'metrics'],
    subject: 'negotiation.evt.offer.approved.v1',
    description: 'A draft was approved (by the brand, or `deemed` when its review window passed); `workStatus` is `approved` once every deliverable is.',
    payload: offerEventBase.extend({ ...submissionFields, deemed: z.boolean(), videoId: z.string().nullable() }),
  }),
  completed: defineEvent({
    consumers: ['campaigns'],
    subject: 'negotiation.evt.offer.completed.v1',
    description: 'The brand completed the offer after every deliverable was approved.',
    payload: offerEventBase,
  }),
} as const;

export type NegotiationEventPayload = z.infer<typeof offerEventBase>;

/**
 * Every act taken for a creator through an agency grant, and what the clock decided on the
 * creator's work (deemed approvals), for identity's audit log; enqueued in the decision's own
 * transaction so the log misses nothing. `actor.userId` is null when time acted.
 * aggregateId = the creator, aggregateVersion = 0 (entries are independent; the envelope id dedupes).
 */
export const negotiationAuditEvents = {
  recorded: defineEvent({
    consumers: ['identity'],
    subject: 'negotiation.evt.action.recorded.v1',
    description: "An action negotiation recorded for a creator (a proposal, accept, decline, draft or review through a grant; a deemed approval), for identity's audit log.",
    payload: auditRecordSchema.extend({ actor: z.object({ userId: z.uuid().nullable(), orgId: z.uuid().nullable() }) }),
  }),
} as const;

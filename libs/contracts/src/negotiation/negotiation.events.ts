import { z } from 'zod';
import { defineEvent } from '../contract.js';
import type { ServiceName } from '../services.js';
import { isoTime } from '../common/time.js';
import { moneySchema } from '../common/money.js';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { auditRecordSchema } from '../common/audit-record.js';
import { actorSchema, offerStatusSchema, sideSchema, termsSchema, workStatusSchema } from './negotiation.schemas.js';
import { PAYMENT_KINDS, paymentStatusSchema, paymentTriggerSchema, settlementSchema } from './payments.schemas.js';

/**
 * Everything that happens to an offer, from its opening to its end, published through
 * negotiation's outbox: negotiation owns the offer. Campaigns projects them into its tabs and
 * counts; metrics keeps the parties and the agreed price. `aggregateId` is the offer id and `aggregateVersion`
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
  /** The side that wrote the current terms (whose move it is follows from it); absent from events published before it was added. */
  currentAuthor: sideSchema.optional(),
});

const submissionFields = { submissionId: z.uuid(), deliverable: deliverableTypeSchema, round: z.number().int().positive() };

export const negotiationEvents = {
  opened: defineEvent({
    consumers: ['campaigns', 'metrics', 'notifications'],
    subject: 'negotiation.evt.offer.opened.v1',
    description: 'A brand sent an offer and negotiation opened it (`awaiting_response`); `terms` is version 1 in full, with what campaigns judged when it was sent.',
    payload: offerEventBase.extend({
      campaignName: z.string(),
      brandName: z.string(),
      terms: termsSchema,
      price: moneySchema,
      respondBy: isoTime,
      belowRateCard: z.boolean().nullable(),
      rateCardPrice: moneySchema.nullable(),
      rateCardVersion: z.number().int().positive().nullable(),
      sentBy: z.uuid(),
    }),
  }),
  withdrawn: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.withdrawn.v1',
    description: 'The brand withdrew an offer that was still undecided.',
    payload: offerEventBase,
  }),
  expired: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.expired.v1',
    description: 'An undecided offer reached `respondBy` without an answer.',
    payload: offerEventBase.extend({ respondBy: isoTime }),
  }),
  proposed: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.proposed.v1',
    description: 'A side proposed new terms (`version`); the offer is `changes_proposed`.',
    payload: offerEventBase.extend({ price: moneySchema }),
  }),
  confirmationRequested: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.confirmation-requested.v1',
    description: "An agency accepted for a creator whose policy requires confirmation: the offer waits as `awaiting_creator_confirmation`.",
    payload: offerEventBase,
  }),
  confirmationRejected: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.confirmation-rejected.v1',
    description: "The creator rejected their agency's accept: the offer is open again (`status`) on the same version.",
    payload: offerEventBase,
  }),
  accepted: defineEvent({
    consumers: ['campaigns', 'metrics', 'notifications'],
    subject: 'negotiation.evt.offer.accepted.v1',
    description: 'Terms accepted and frozen in a contract; the work becomes `active`.',
    payload: offerEventBase.extend({ price: moneySchema, contractId: z.uuid(), termsHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  }),
  declined: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.declined.v1',
    description: 'A side declined the offer with `reason`; nothing is accepted after it.',
    payload: offerEventBase.extend({ reason: z.string() }),
  }),
  submitted: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.submitted.v1',
    description: 'The creator side submitted a draft for a deliverable; the work is `content_submitted`.',
    /** `reviewDueAt`: when the draft is deemed approved unless reviewed; absent from events published before it was added. */
    payload: offerEventBase.extend({ ...submissionFields, reviewDueAt: isoTime.optional() }),
  }),
  changesRequested: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.changes-requested.v1',
    description: 'The brand requested changes to a draft; the work is `revisions_requested`.',
    payload: offerEventBase.extend(submissionFields),
  }),
  approved: defineEvent({
    consumers: ['campaigns', 'metrics', 'notifications'],
    subject: 'negotiation.evt.offer.approved.v1',
    description: 'A draft was approved (by the brand, or `deemed` when its review window passed); `workStatus` is `approved` once every deliverable is.',
    payload: offerEventBase.extend({ ...submissionFields, deemed: z.boolean(), videoId: z.string().nullable() }),
  }),
  videoLinked: defineEvent({
    consumers: ['metrics'],
    subject: 'negotiation.evt.offer.video-linked.v1',
    description: 'The creator side named the posted video of a draft the brand had already approved (no new review, no revision round); the deliverable counts that video from now on.',
    payload: offerEventBase.extend({ ...submissionFields, videoId: z.string() }),
  }),
  completed: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.completed.v1',
    description: 'The brand completed the offer after every deliverable was approved.',
    payload: offerEventBase,
  }),
  cancellationRequested: defineEvent({
    consumers: ['campaigns', 'notifications'],
    subject: 'negotiation.evt.offer.cancellation-requested.v1',
    description: 'One side (`actor.side`) asked to cancel the accepted work by agreement, with `reason`; the other side answers. The work status is kept.',
    payload: offerEventBase.extend({ cancellationId: z.uuid(), reason: z.string() }),
  }),
  cancellationDeclined: defineEvent({
    consumers: ['campaigns'],
    subject: 'negotiation.evt.offer.cancellation-declined.v1',
    description: 'The other side declined the cancellation: the offer is back where it was (`partlyApproved`: the work is `active`, part of it approved).',
    payload: offerEventBase.extend({ cancellationId: z.uuid(), reason: z.string().nullable(), partlyApproved: z.boolean() }),
  }),
  cancelled: defineEvent({
    consumers: ['campaigns'],
    subject: 'negotiation.evt.offer.cancelled.v1',
    description: 'The other side accepted the cancellation: the offer is `cancelled`, with the settlement by stage (what stays owed, what became void).',
    payload: offerEventBase.extend({ cancellationId: z.uuid(), settlement: settlementSchema }),
  }),
} as const;

/**
 * A message on an offer's negotiation thread, for the other side's notifications (the body stays
 * in negotiation: readers open the thread). aggregateId = the offer, aggregateVersion = the
 * message's place in the thread (`seq`).
 */
export const messageEvents = {
  posted: defineEvent({
    consumers: ['notifications'],
    subject: 'negotiation.evt.message.posted.v1',
    description: "A side posted a message on an offer's thread.",
    payload: z.object({
      messageId: z.uuid(),
      offerId: z.uuid(),
      campaignId: z.uuid(),
      creatorId: z.uuid(),
      brandId: z.uuid(),
      seq: z.number().int().positive(),
      actor: actorSchema,
      at: isoTime,
    }),
  }),
} as const;

/**
 * The contract's signatures: one per party; `signedAt` of the second starts the
 * `contract_signed` clock. aggregateId = the contract, aggregateVersion = the number of signatures.
 */
export const contractEvents = {
  signed: defineEvent({
    subject: 'negotiation.evt.contract.signed.v1',
    description: 'A party signed the contract; `fullySigned` once both have (the `contract_signed` payment clock starts then).',
    payload: z.object({
      contractId: z.uuid(),
      offerId: z.uuid(),
      creatorId: z.uuid(),
      brandId: z.uuid(),
      termsHash: z.string().regex(/^[0-9a-f]{64}$/),
      party: sideSchema,
      userId: z.uuid(),
      signedAt: isoTime,
      fullySigned: z.boolean(),
    }),
  }),
} as const;

/**
 * Every step of every payment, for notifications and webhooks: scheduled at acceptance, due
 * when its trigger came, invoiced, paid, overdue (the sweep), disputed, void (a cancellation).
 * aggregateId = the payment, aggregateVersion = its version after the step.
 */
const paymentEvent = z.object({
  paymentId: z.uuid(),
  offerId: z.uuid(),
  creatorId: z.uuid(),
  brandId: z.uuid(),
  seq: z.number().int().positive(),
  kind: z.enum(PAYMENT_KINDS),
  name: z.string(),
  amount: moneySchema,
  trigger: paymentTriggerSchema,
  status: paymentStatusSchema,
  dueAt: isoTime.nullable(),
  /** Who acted; a null user when the clock did (overdue) or the step followed another (a signature, an approval). */
  actor: actorSchema,
  occurredAt: isoTime,
  /** The invoice or payment reference, the dispute's or the void's reason. */
  note: z.string().nullable(),
});
const paymentStep = (step: string, description: string, consumers: readonly ServiceName[] = []) =>
  defineEvent({ subject: `negotiation.evt.payment.${step}.v1`, description, payload: paymentEvent, consumers });
export const paymentEvents = {
  scheduled: paymentStep('scheduled', 'A payment of the schedule made at acceptance (or a settlement payment a cancellation left owed).'),
  due: paymentStep('due', "The payment's trigger happened: `dueAt` is that moment plus the terms' netDays.", ['notifications']),
  invoiced: paymentStep('invoiced', 'The creator side invoiced the payment (`note`: its reference).'),
  paid: paymentStep('paid', 'The brand marked the payment paid (`note`: its reference).'),
  overdue: paymentStep('overdue', 'The payment passed its due date unpaid (found by the overdue sweep).', ['notifications']),
  disputed: paymentStep('disputed', 'A side disputed the payment (`note`: the reason).'),
  voided: paymentStep('voided', 'A cancellation left the payment no longer owed.'),
} as const;
export type PaymentEventPayload = z.infer<typeof paymentEvent>;

export type NegotiationEventPayload = z.infer<typeof offerEventBase>;
export type OfferOpenedPayload = z.infer<typeof negotiationEvents.opened.payload>;

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

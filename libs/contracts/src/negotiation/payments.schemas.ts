import { z } from 'zod';
import { isoTime } from '../common/time.js';
import { moneySchema } from '../common/money.js';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { actorSchema, settlementStageSchema, sideSchema, termsSchema } from './negotiation.schemas.js';
import { creatorRefSchema } from '../common/refs.js';

/**
 * Money after the handshake: the payment schedule made at acceptance, the contract document and
 * its signatures, cancellation by agreement and its settlement. Negotiation owns all of it
 * (docs/payments.md).
 */
export const PAYMENT_STATUSES = ['scheduled', 'due', 'invoiced', 'paid', 'overdue', 'disputed', 'void'] as const;
export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

/** Which line of the schedule: the upfront share, a negotiated milestone, the balance, or what a cancellation left owed. */
export const PAYMENT_KINDS = ['upfront', 'milestone', 'balance', 'settlement'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

/**
 * What starts a payment's clock (`dueAt` = the trigger's moment + `netDays`): the later of the
 * two signatures, the first approved draft (content published), the creator side's invoice, a
 * named deliverable's approval, a date, the approval of the last deliverable (the balance), or
 * the cancellation that left it owed.
 */
export const PAYMENT_TRIGGERS = ['contract_signed', 'content_published', 'invoice_received', 'deliverable_approved', 'date', 'work_approved', 'cancelled'] as const;
export const paymentTriggerSchema = z.enum(PAYMENT_TRIGGERS);
export type PaymentTrigger = z.infer<typeof paymentTriggerSchema>;

/** One share of a payment: the creator's net, the agency's commission, a manager's part of it. */
export const SPLIT_PARTIES = ['creator', 'agency', 'manager'] as const;
export const splitLineSchema = z.object({
  party: z.enum(SPLIT_PARTIES),
  /** The creator, or the manager; null for the agency's own part. */
  userId: z.uuid().nullable(),
  amount: z.number().int().nonnegative(),
});
export type SplitLine = z.infer<typeof splitLineSchema>;

/** How a statement reads split lines: the managers' shares are part of the agency's commission. */
export function splitTotals(lines: readonly SplitLine[]): { creatorNet: number; agencyCommission: number; managerShares: number } {
  const sum = (party: SplitLine['party']) => lines.filter((l) => l.party === party).reduce((s, l) => s + l.amount, 0);
  const managerShares = sum('manager');
  return { creatorNet: sum('creator'), agencyCommission: sum('agency') + managerShares, managerShares };
}

export const paymentViewSchema = z.object({
  id: z.uuid(),
  offerId: z.uuid(),
  /** Order in the schedule (1 = first). */
  seq: z.number().int().positive(),
  kind: z.enum(PAYMENT_KINDS),
  name: z.string(),
  amount: moneySchema,
  trigger: paymentTriggerSchema,
  deliverable: deliverableTypeSchema.nullable(),
  /** Null until the trigger has happened. */
  dueAt: isoTime.nullable(),
  status: paymentStatusSchema,
  invoicedAt: isoTime.nullable(),
  invoiceReference: z.string().nullable(),
  paidAt: isoTime.nullable(),
  paidReference: z.string().nullable(),
  dispute: z.object({ side: sideSchema, reason: z.string(), at: isoTime }).nullable(),
  voidedAt: isoTime.nullable(),
  /** Creator net, agency commission and manager shares; they add up to `amount.amount`. */
  split: z.array(splitLineSchema),
  /** The agency and its commission version the split follows (null: no agency commission). */
  commission: z.object({ agencyId: z.uuid(), version: z.number().int().positive(), percent: z.number() }).nullable(),
  version: z.number().int().positive(),
});
export type PaymentView = z.infer<typeof paymentViewSchema>;

export const settlementSchema = z.object({
  stage: settlementStageSchema,
  initiator: sideSchema,
  /** Percent of the price owed to the creator side by the stage table. */
  percentOwed: z.number(),
  owed: moneySchema,
  /** Already paid before the cancellation. */
  paid: moneySchema,
  /** Paid beyond what is owed: for the creator side to return. */
  refundDue: moneySchema,
  voidedPaymentIds: z.array(z.uuid()),
  /** The payment added for what is owed beyond the payments kept, if any. */
  settlementPaymentId: z.uuid().nullable(),
});
export type Settlement = z.infer<typeof settlementSchema>;

export const cancellationViewSchema = z.object({
  id: z.uuid(),
  offerId: z.uuid(),
  status: z.enum(['requested', 'accepted', 'declined']),
  requestedBy: actorSchema,
  reason: z.string(),
  requestedAt: isoTime,
  answeredBy: actorSchema.nullable(),
  answeredAt: isoTime.nullable(),
  declineReason: z.string().nullable(),
  settlement: settlementSchema.nullable(),
});
export type CancellationView = z.infer<typeof cancellationViewSchema>;

export const signatureSchema = z.object({
  party: sideSchema,
  userId: z.uuid(),
  /** The signer's name where negotiation knows it (the creator's display name); null otherwise. */
  name: z.string().nullable(),
  signedAt: isoTime,
});

export const contractDocumentSchema = z.object({
  id: z.uuid(),
  offerId: z.uuid(),
  /** The terms version accepted. */
  version: z.number().int().positive(),
  termsHash: z.string().regex(/^[0-9a-f]{64}$/),
  acceptedAt: isoTime,
  parties: z.object({
    brand: z.object({ id: z.uuid(), name: z.string().nullable() }),
    creator: z.object({ id: z.uuid(), handle: z.string().nullable(), name: z.string().nullable() }),
    campaign: z.object({ id: z.uuid(), name: z.string().nullable() }),
    acceptedBy: actorSchema,
  }),
  terms: termsSchema,
  schedule: z.array(paymentViewSchema),
  signatures: z.array(signatureSchema),
  /** When the second party signed (the `contract_signed` clock); null until both have. */
  signedAt: isoTime.nullable(),
});
export type ContractDocument = z.infer<typeof contractDocumentSchema>;

export const statementLineSchema = z.object({
  paymentId: z.uuid(),
  offerId: z.uuid(),
  campaignName: z.string().nullable(),
  brandName: z.string().nullable(),
  name: z.string(),
  paidAt: isoTime,
  amount: moneySchema,
  split: z.array(splitLineSchema),
});
export const statementSchema = z.object({
  creatorId: z.uuid(),
  /** The agency whose statement this is; null for the creator's own (every payment). */
  agencyId: z.uuid().nullable(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  items: z.array(statementLineSchema),
  /** One line per currency: gross, creator net, agency commission, manager shares. */
  totals: z.array(z.object({ currency: z.string(), gross: z.number().int(), creatorNet: z.number().int(), agencyCommission: z.number().int(), managerShares: z.number().int() })),
});
export type Statement = z.infer<typeof statementSchema>;

/**
 * One line of the payments overview: a payment of one of the caller's deals, named by its
 * offer's campaign, brand and creator.
 */
export const paymentRowSchema = z.object({
  id: z.uuid(),
  offerId: z.uuid(),
  campaign: z.object({ id: z.uuid(), name: z.string().nullable() }),
  brand: z.object({ id: z.uuid(), name: z.string().nullable() }),
  creator: creatorRefSchema,
  seq: z.number().int().positive(),
  kind: z.enum(PAYMENT_KINDS),
  name: z.string(),
  amount: moneySchema,
  /** Null until the trigger has happened. */
  dueAt: isoTime.nullable(),
  status: paymentStatusSchema,
  paidAt: isoTime.nullable(),
  /** Creator net, agency commission and manager shares; they add up to `amount.amount`. */
  split: z.array(splitLineSchema),
});
export type PaymentRow = z.infer<typeof paymentRowSchema>;

/** Per currency, in minor units: still to be paid with the clock running, past due, and paid in the month. */
export const paymentTotalsSchema = z.object({
  currency: z.string(),
  due: z.number().int().nonnegative(),
  overdue: z.number().int().nonnegative(),
  paidThisMonth: z.number().int().nonnegative(),
});
export type PaymentTotals = z.infer<typeof paymentTotalsSchema>;

export const paymentsOverviewSchema = z.object({
  items: z.array(paymentRowSchema),
  /** Over every payment the caller sees (the creator filter applies, the status filter and the page do not). */
  totals: z.array(paymentTotalsSchema),
  /** The UTC month `paidThisMonth` counts (`YYYY-MM`). */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  nextCursor: z.string().nullable(),
});
export type PaymentsOverview = z.infer<typeof paymentsOverviewSchema>;

import { z } from 'zod';
import { nameText } from '../common/text.js';
import { isoTime } from '../common/time.js';
import { moneySchema, percentShare } from '../common/money.js';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { auditActorSchema } from '../common/audit-record.js';
import { creatorRefSchema } from '../common/refs.js';

/**
 * Terms of an offer as both sides negotiate them. One currency per terms version: milestone
 * amounts are in the price's currency and never add up to more than it.
 */
export const termsMoneySchema = moneySchema.strict();
export type TermsMoney = z.infer<typeof termsMoneySchema>;

export const milestoneSchema = z
  .object({
    name: nameText({ max: 120 }),
    amount: termsMoneySchema,
    /** What releases the payment: signing, a deliverable's approval, or a date. */
    trigger: z.enum(['contract_signed', 'deliverable_approved', 'content_published', 'date']),
    deliverable: deliverableTypeSchema.optional(),
    dueAt: isoTime.optional(),
  })
  .strict();

export const CLOCK_STARTS = ['contract_signed', 'content_published', 'invoice_received'] as const;
export const clockStartSchema = z.enum(CLOCK_STARTS);
export type ClockStart = z.infer<typeof clockStartSchema>;

export const termsDeliverableSchema = z
  .object({
    type: deliverableTypeSchema,
    quantity: z.number().int().min(1).max(100).default(1),
    dueAt: isoTime,
  })
  .strict();

export const DEFAULT_REVIEW_WINDOW_DAYS = 14;

export const termsSchema = z
  .object({
    price: termsMoneySchema,
    paymentTerms: z
      .object({
        upfrontPercent: z.number().int().min(0).max(100),
        netDays: z.number().int().min(0).max(365),
        /** When `netDays` starts for the upfront share; absent means `contract_signed`. */
        clockStart: clockStartSchema.optional(),
        milestones: z.array(milestoneSchema).max(20).optional(),
      })
      .strict(),
    deliverables: z
      .array(termsDeliverableSchema)
      .min(1)
      .max(20)
      .refine((items) => new Set(items.map((d) => d.type)).size === items.length, 'Each deliverable type appears once (use quantity)'),
    usageRightsDays: z.number().int().min(0).max(3650),
    exclusivityDays: z.number().int().min(0).max(3650),
    exclusivityCategory: nameText({ max: 80 }).nullable().optional(),
    revisionRounds: z.number().int().min(0).max(20),
    reviewWindowDays: z.number().int().min(1).max(90).default(DEFAULT_REVIEW_WINDOW_DAYS),
  })
  .strict()
  .superRefine((t, ctx) => {
    t.paymentTerms.milestones?.forEach((m, i) => {
      if (m.amount.currency !== t.price.currency) {
        ctx.addIssue({ code: 'custom', path: ['paymentTerms', 'milestones', i, 'amount', 'currency'], message: `Must be ${t.price.currency}, the price's currency` });
      }
    });
    t.paymentTerms.milestones?.forEach((m, i) => {
      if (m.trigger === 'deliverable_approved' && !t.deliverables.some((d) => d.type === m.deliverable)) {
        ctx.addIssue({ code: 'custom', path: ['paymentTerms', 'milestones', i, 'deliverable'], message: 'Name a deliverable of these terms (the one whose approval releases it)' });
      }
      if (m.trigger === 'date' && !m.dueAt) {
        ctx.addIssue({ code: 'custom', path: ['paymentTerms', 'milestones', i, 'dueAt'], message: 'A dated milestone needs its date' });
      }
    });
    const total = (t.paymentTerms.milestones ?? []).reduce((sum, m) => sum + m.amount.amount, 0);
    if (total > t.price.amount) {
      ctx.addIssue({ code: 'custom', path: ['paymentTerms', 'milestones'], message: 'Milestones add up to more than the price' });
    } else if (total + percentShare(t.price.amount, t.paymentTerms.upfrontPercent) > t.price.amount) {
      ctx.addIssue({ code: 'custom', path: ['paymentTerms', 'upfrontPercent'], message: 'The upfront share and the milestones add up to more than the price' });
    }
  });
export type Terms = z.output<typeof termsSchema>;
export type TermsInput = z.input<typeof termsSchema>;

export const SIDES = ['brand', 'creator'] as const;
export const sideSchema = z.enum(SIDES);
export type Side = z.infer<typeof sideSchema>;

export const OFFER_STATUSES = [
  'awaiting_response',
  'changes_proposed',
  'awaiting_creator_confirmation',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
  /** One side asked to end accepted work by agreement; the other answers (the work status is kept meanwhile). */
  'cancellation_requested',
  'cancelled',
] as const;
export const offerStatusSchema = z.enum(OFFER_STATUSES);
export type OfferStatus = z.infer<typeof offerStatusSchema>;

export const WORK_STATUSES = ['active', 'content_submitted', 'revisions_requested', 'approved', 'completed'] as const;
export const workStatusSchema = z.enum(WORK_STATUSES);
export type WorkStatus = z.infer<typeof workStatusSchema>;

/** Who did something: the acting user, their side, and the creator they acted for (with the grant used). */
export const actorSchema = z.object({
  side: sideSchema,
  userId: z.uuid().nullable(),
  onBehalfOf: z.uuid().nullable(),
  grantId: z.uuid().nullable(),
});
export type Actor = z.infer<typeof actorSchema>;

export const termsVersionSchema = z.object({
  version: z.number().int().positive(),
  terms: termsSchema,
  author: actorSchema,
  /** The author named: the person and the organization (brand or agency) they wrote for. */
  actor: auditActorSchema,
  comment: z.string().nullable(),
  createdAt: isoTime,
  /** This version's price under the creator's rate card (as of sending) for its deliverables; null when not comparable. */
  belowRateCard: z.boolean().nullable(),
  /** What that card asks for this version's deliverables; null when not comparable. */
  rateCardPrice: moneySchema.nullable(),
});
export type TermsVersionView = z.infer<typeof termsVersionSchema>;

/** How far the work had gone when a cancellation is settled: before any draft, after a draft, after every deliverable's approval. */
export const SETTLEMENT_STAGES = ['before_submission', 'after_submission', 'after_approval'] as const;
export const settlementStageSchema = z.enum(SETTLEMENT_STAGES);
export type SettlementStage = z.infer<typeof settlementStageSchema>;

/**
 * A cancellation waiting for the other side's answer, as the offer shows it: who asked (named
 * by the gateway from identity), why and when, and what the settlement would be at each stage
 * by the one settlement rule, with the stage the work is at now.
 */
export const pendingCancellationSchema = z.object({
  id: z.uuid(),
  requestedBy: auditActorSchema.extend({ side: sideSchema }),
  reason: z.string(),
  requestedAt: isoTime,
  settlement: z.object({
    stage: settlementStageSchema,
    byStage: z.array(
      z.object({
        stage: settlementStageSchema,
        percentOwed: z.number(),
        /** Owed to the creator side in all. */
        owed: moneySchema,
        /** Paid beyond what is owed: for the creator side to return. */
        refundDue: moneySchema,
        /** Unpaid payments that would become void. */
        voidedPayments: z.number().int().nonnegative(),
      }),
    ),
  }),
});
export type PendingCancellation = z.infer<typeof pendingCancellationSchema>;

export const contractViewSchema = z.object({
  id: z.uuid(),
  version: z.number().int().positive(),
  termsHash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const offerViewSchema = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  brandId: z.uuid(),
  creatorId: z.uuid(),
  status: offerStatusSchema,
  workStatus: workStatusSchema.nullable(),
  currentVersion: z.number().int().positive(),
  currentTerms: termsSchema,
  currentAuthor: sideSchema,
  contract: contractViewSchema.nullable(),
  /** What closed the offer: the decline reason or what ended it. */
  closedReason: z.string().nullable(),
  /**
   * Whether the price was under the creator's rate card for the offer's deliverables when the
   * brand sent it (as campaigns recorded it; later proposals and card changes do not rewrite it);
   * null when the creator had no card pricing every deliverable in the offer's currency.
   */
  belowRateCard: z.boolean().nullable(),
  /** What the offer is about, as it was opened; names are null for offers opened before they were kept. */
  campaign: z.object({ id: z.uuid(), name: z.string().nullable(), brief: z.string().nullable() }),
  brand: z.object({ id: z.uuid(), name: z.string().nullable() }),
  creator: creatorRefSchema,
  /** The answer deadline of an undecided offer. */
  respondBy: isoTime.nullable(),
  /** The creator's rate card price for the offer's deliverables when it was sent (null without a card). */
  rateCardPrice: moneySchema.nullable(),
  /** While a draft waits for review: when it is deemed approved without one. */
  reviewDeadline: isoTime.nullable(),
  /** While the offer is `cancellation_requested`: the request waiting for an answer. */
  cancellation: pendingCancellationSchema.nullable(),
  updatedAt: isoTime,
});
export type OfferView = z.infer<typeof offerViewSchema>;

export const fieldChangeSchema = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const minimumPriceSchema = z.object({ deliverable: deliverableTypeSchema, price: termsMoneySchema }).strict();
export const policySchema = z.object({
  creatorId: z.uuid(),
  requireConfirmation: z.boolean(),
  minimumPrices: z.array(minimumPriceSchema),
  version: z.number().int().nonnegative(),
  updatedAt: isoTime.nullable(),
});
export type PolicyView = z.infer<typeof policySchema>;

export const messageSchema = z.object({
  id: z.uuid(),
  offerId: z.uuid(),
  seq: z.number().int().positive(),
  author: actorSchema,
  /** The author named: the person and the organization (brand or agency) they wrote for. */
  actor: auditActorSchema,
  body: z.string(),
  createdAt: isoTime,
});

export const SUBMISSION_STATUSES = ['pending_review', 'approved', 'changes_requested'] as const;
export const submissionSchema = z.object({
  id: z.uuid(),
  offerId: z.uuid(),
  deliverable: deliverableTypeSchema,
  round: z.number().int().positive(),
  url: z.url(),
  caption: z.string(),
  notes: z.string().nullable(),
  videoId: z.string().nullable(),
  status: z.enum(SUBMISSION_STATUSES),
  submittedBy: actorSchema,
  submittedAt: isoTime,
  review: z
    .object({
      decision: z.enum(['approve', 'request_changes']),
      comments: z.string().nullable(),
      /** Nobody reviewed within the contract's window: approved by the clock. */
      deemed: z.boolean(),
      reviewerUserId: z.uuid().nullable(),
      at: isoTime,
    })
    .nullable(),
});
export type SubmissionView = z.infer<typeof submissionSchema>;

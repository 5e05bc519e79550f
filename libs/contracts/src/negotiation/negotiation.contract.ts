import { z } from 'zod';
import { freeText, webUrl } from '../common/text.js';
import { videoIdSchema } from '../metrics-ingestion/ingestion.schemas.js';
import { defineRequest } from '../contract.js';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { pageCursor, pageLimit, pageOf } from '../common/page.js';
import {
  fieldChangeSchema,
  messageSchema,
  minimumPriceSchema,
  offerStatusSchema,
  offerViewSchema,
  policySchema,
  submissionSchema,
  termsSchema,
  termsVersionSchema,
  contractViewSchema,
  workStatusSchema,
} from './negotiation.schemas.js';
import { moneySchema } from '../common/money.js';
import { rateCardSnapshotSchema } from './rate-floor.rules.js';
import { isoTime } from '../common/time.js';
import { offerSchema } from '../campaigns/campaigns.schemas.js';
import { cancellationViewSchema, contractDocumentSchema, paymentStatusSchema, paymentsOverviewSchema, paymentViewSchema, statementSchema } from './payments.schemas.js';

/**
 * Negotiation's request/reply subjects. The caller travels in the `tp-principal` header;
 * acting for a creator, the principal's `actingFor` names the creator and the grant, which
 * negotiation confirms with identity before any write.
 */
const offerRef = z.object({ offerId: z.uuid() }).strict();
/** Two version numbers, `a..b` (kept a string on the wire: both ends parse the same text). */
const compareSchema = z.string().regex(/^[1-9]\d{0,5}\.\.[1-9]\d{0,5}$/, 'Use a..b with two version numbers');

const paymentRef = z.object({ paymentId: z.uuid() }).strict();
const reference = freeText({ max: 200, min: 1 });

const decisionResponse = z.object({
  status: offerStatusSchema,
  version: z.number().int().positive(),
  contract: contractViewSchema.nullable(),
  /** The creator's negotiation policy that applied to this decision (its version), when one did. */
  policyVersion: z.number().int().nonnegative().nullable(),
});

export const negotiationContracts = {
  offersOpen: defineRequest({
    subject: 'negotiation.offers.open.v1',
    description:
      "Opens an offer a brand sent, once campaigns has checked the campaign, the creator, the currency and the rate floor; one open offer per campaign and creator (409 for a second). Retrying with the same offerId returns the offer.",
    request: z
      .object({
        offerId: z.uuid(),
        campaignId: z.uuid(),
        campaignName: z.string(),
        brandId: z.uuid(),
        brandName: z.string(),
        /** The campaign's brief and the creator's handle and name, shown on the offer (absent from older callers). */
        campaignBrief: z.string().optional(),
        creatorId: z.uuid(),
        creatorHandle: z.string().nullable().optional(),
        creatorName: z.string().nullable().optional(),
        terms: termsSchema,
        respondBy: isoTime,
        belowRateCard: z.boolean().nullable(),
        rateCardPrice: moneySchema.nullable(),
        rateCardVersion: z.number().int().positive().nullable(),
        /** The card itself, so each later version is judged against it too (absent from older callers). */
        rateCard: rateCardSnapshotSchema.nullable().optional(),
      })
      .strict(),
    response: offerSchema,
    // Only campaigns holds the facts an offer is opened on (campaign, budget, rate cards).
    callers: ['campaigns'],
  }),
  offersWithdraw: defineRequest({
    subject: 'negotiation.offers.withdraw.v1',
    description: 'A brand member withdraws an offer that is still undecided (409 naming the status otherwise).',
    request: offerRef,
    response: offerSchema,
  }),
  offersGet: defineRequest({
    subject: 'negotiation.offers.get.v1',
    description: 'Status, current version and current terms of an offer (its brand, its creator, or their agency with campaigns:read).',
    request: offerRef,
    response: offerViewSchema,
  }),
  versionsList: defineRequest({
    subject: 'negotiation.versions.list.v1',
    description: 'Every terms version of an offer, oldest first, with author and comment; `compare=a..b` adds the fields that changed from a to b.',
    request: offerRef.extend({ compare: compareSchema.optional() }).strict(),
    response: z.object({
      items: z.array(termsVersionSchema),
      changes: z.object({ from: z.number().int(), to: z.number().int(), fields: z.array(fieldChangeSchema) }).nullable(),
    }),
  }),
  propose: defineRequest({
    subject: 'negotiation.proposals.create.v1',
    description: 'Either side proposes new terms on the version it saw (`baseVersion`); a stale base is a conflict naming the current version.',
    request: offerRef.extend({ baseVersion: z.number().int().positive(), terms: termsSchema, comment: freeText({ max: 2000 }).optional() }).strict(),
    response: z.object({ version: z.number().int().positive(), status: offerStatusSchema, policyVersion: z.number().int().nonnegative().nullable() }),
  }),
  accept: defineRequest({
    subject: 'negotiation.offers.accept.v1',
    description: 'The side that did not author the current version accepts it, freezing a contract (or, for an agency under requireConfirmation, awaiting the creator).',
    request: offerRef.extend({ version: z.number().int().positive() }).strict(),
    response: decisionResponse,
  }),
  decline: defineRequest({
    subject: 'negotiation.offers.decline.v1',
    description: 'Either side declines an open offer with a reason; nothing is accepted after it.',
    request: offerRef.extend({ reason: freeText({ max: 2000, min: 1 }) }).strict(),
    response: decisionResponse,
  }),
  confirm: defineRequest({
    subject: 'negotiation.offers.confirm.v1',
    description: "The creator confirms their agency's accept that waits for confirmation: the contract is frozen.",
    request: offerRef,
    response: decisionResponse,
  }),
  rejectConfirmation: defineRequest({
    subject: 'negotiation.offers.reject-confirmation.v1',
    description: "The creator rejects their agency's accept; the offer is open again on the same version.",
    request: offerRef.extend({ reason: freeText({ max: 2000 }).optional() }).strict(),
    response: decisionResponse,
  }),
  complete: defineRequest({
    subject: 'negotiation.offers.complete.v1',
    description: 'The brand completes an accepted offer once every deliverable is approved.',
    request: offerRef,
    response: z.object({ status: offerStatusSchema, workStatus: workStatusSchema.nullable() }),
  }),
  policyGet: defineRequest({
    subject: 'negotiation.policy.get.v1',
    description: "A creator's negotiation policy (defaults when never set): the creator and their agencies' members.",
    request: z.object({ creatorId: z.uuid() }).strict(),
    response: policySchema,
  }),
  policyPut: defineRequest({
    subject: 'negotiation.policy.put.v1',
    description: 'The creator (only) replaces their negotiation policy.',
    request: z
      .object({
        creatorId: z.uuid(),
        requireConfirmation: z.boolean(),
        minimumPrices: z
          .array(minimumPriceSchema)
          .max(50)
          .refine((items) => new Set(items.map((m) => m.deliverable)).size === items.length, 'One minimum per deliverable type'),
      })
      .strict(),
    response: policySchema,
  }),
  messagesList: defineRequest({
    subject: 'negotiation.messages.list.v1',
    description: 'The negotiation thread of an offer, oldest first.',
    request: offerRef.extend({ limit: pageLimit, cursor: pageCursor.optional() }).strict(),
    response: pageOf(messageSchema),
  }),
  messagesPost: defineRequest({
    subject: 'negotiation.messages.post.v1',
    description: 'Adds a message to the thread (brand members, the creator, their agency with offers:negotiate).',
    request: offerRef.extend({ body: freeText({ max: 5000, min: 1 }) }).strict(),
    response: messageSchema,
  }),
  submissionsList: defineRequest({
    subject: 'negotiation.submissions.list.v1',
    description: 'Drafts submitted on an accepted offer with their reviews, newest round last.',
    request: offerRef,
    response: z.object({ items: z.array(submissionSchema) }),
  }),
  submit: defineRequest({
    subject: 'negotiation.submissions.create.v1',
    description: 'The creator side submits a draft for one deliverable of the contract.',
    request: offerRef
      .extend({
        deliverable: deliverableTypeSchema,
        url: webUrl({ max: 2000 }),
        caption: freeText({ max: 5000 }),
        notes: freeText({ max: 5000 }).optional(),
        videoId: videoIdSchema.optional(),
      })
      .strict(),
    response: submissionSchema,
  }),
  linkVideo: defineRequest({
    subject: 'negotiation.submissions.link-video.v1',
    description:
      "The creator side names the posted video of an approved draft that named none: no new review and no revision round. The video must be the creator's own, posted at or after acceptance, when metrics knows it (422 otherwise); 409 when the draft is not approved or already names a video.",
    request: offerRef.extend({ submissionId: z.uuid(), videoId: videoIdSchema }).strict(),
    response: submissionSchema,
  }),
  review: defineRequest({
    subject: 'negotiation.submissions.review.v1',
    description: 'A brand member approves a draft or requests changes (each request uses one of the contract\'s revision rounds).',
    request: offerRef
      .extend({ submissionId: z.uuid(), decision: z.enum(['approve', 'request_changes']), comments: freeText({ max: 5000 }).optional() })
      .strict(),
    response: submissionSchema,
  }),
  cancellationRequest: defineRequest({
    subject: 'negotiation.cancellations.request.v1',
    description: 'Either side asks to cancel accepted work by agreement, with a reason: the offer is `cancellation_requested` until the other side answers.',
    request: offerRef.extend({ reason: freeText({ max: 2000, min: 1 }) }).strict(),
    response: cancellationViewSchema,
  }),
  cancellationAccept: defineRequest({
    subject: 'negotiation.cancellations.accept.v1',
    description: 'The other side accepts the cancellation: the offer is `cancelled`, settled by the stage table (payments no longer owed become void).',
    request: offerRef,
    response: cancellationViewSchema,
  }),
  cancellationDecline: defineRequest({
    subject: 'negotiation.cancellations.decline.v1',
    description: 'The other side declines the cancellation: the offer returns to the status it had.',
    request: offerRef.extend({ reason: freeText({ max: 2000 }).optional() }).strict(),
    response: cancellationViewSchema,
  }),
  paymentsList: defineRequest({
    subject: 'negotiation.payments.list.v1',
    description: "An offer's payment schedule (made at acceptance), each payment with its status and split.",
    request: offerRef,
    response: z.object({ items: z.array(paymentViewSchema) }),
  }),
  paymentInvoice: defineRequest({
    subject: 'negotiation.payments.invoice.v1',
    description: 'The creator side invoices a due (or invoice-triggered) payment, with its reference.',
    request: paymentRef.extend({ reference }).strict(),
    response: paymentViewSchema,
  }),
  paymentPaid: defineRequest({
    subject: 'negotiation.payments.paid.v1',
    description: 'A brand member marks a payment paid, with its reference and when (now by default; never in the future).',
    request: paymentRef.extend({ reference, paidAt: isoTime.optional() }).strict(),
    response: paymentViewSchema,
  }),
  paymentDispute: defineRequest({
    subject: 'negotiation.payments.dispute.v1',
    description: 'Either side disputes an unpaid payment, with a reason.',
    request: paymentRef.extend({ reason: freeText({ max: 2000, min: 1 }) }).strict(),
    response: paymentViewSchema,
  }),
  contractGet: defineRequest({
    subject: 'negotiation.contracts.get.v1',
    description: 'The contract of an accepted offer: parties, terms, payment schedule and signatures.',
    request: offerRef,
    response: contractDocumentSchema,
  }),
  contractPdf: defineRequest({
    subject: 'negotiation.contracts.pdf.v1',
    description: 'The same contract as a PDF (fonts embedded, the terms hash on every page), base64-encoded.',
    request: offerRef,
    response: z.object({ contentType: z.literal('application/pdf'), filename: z.string(), base64: z.string() }),
  }),
  contractSign: defineRequest({
    subject: 'negotiation.contracts.sign.v1',
    description: 'A brand member or the creator signs the contract for their party; a party signs once (409 for a second).',
    request: offerRef,
    response: contractDocumentSchema,
  }),
  statement: defineRequest({
    subject: 'negotiation.statements.get.v1',
    description: "A creator's payments paid in a month with their split: the creator's own (every payment), or an agency member's (the agency's commission payments).",
    request: z.object({ creatorId: z.uuid(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use YYYY-MM') }).strict(),
    response: statementSchema,
  }),
  paymentsOverview: defineRequest({
    subject: 'negotiation.payments.overview.v1',
    description:
      "Payments across the caller's deals, newest deal first and each schedule in order, with totals per currency (due, overdue, paid this UTC month): a brand member's brand, the creator's own, an agency member's roster creators whose grant lets the agency read their offers.",
    request: z
      .object({
        status: paymentStatusSchema.optional(),
        creatorId: z.uuid().optional(),
        cursor: pageCursor.optional(),
        limit: pageLimit,
      })
      .strict(),
    response: paymentsOverviewSchema,
  }),
} as const;

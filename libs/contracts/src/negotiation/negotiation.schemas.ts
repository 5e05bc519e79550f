import { z } from 'zod';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { moneySchema } from '../common/money.js';
import { isoTime } from '../identity/identity.schemas.js';

/**
 * The terms of an offer as both sides negotiate them. Campaigns proposes the first version
 * when a brand sends an offer; negotiation keeps every later version.
 */

/** Money that must be more than nothing: a price or a budget of zero is a mistake. */
export const positiveMoneySchema = moneySchema.refine((m) => m.amount > 0, { message: 'must be more than zero', path: ['amount'] });

/** One line of work: `quantity` units of a deliverable type, optionally due by a date. */
export const offerDeliverableSchema = z
  .object({
    type: deliverableTypeSchema,
    quantity: z.number().int().min(1).max(1000),
    dueAt: isoTime.optional(),
  })
  .strict();
export type OfferDeliverable = z.infer<typeof offerDeliverableSchema>;

export const paymentTermsSchema = z
  .object({
    /** Share of the price paid before any work, in whole percent. */
    upfrontPercent: z.number().int().min(0).max(100),
    /** Days after each invoice until payment is due. */
    netDays: z.number().int().min(0).max(365),
    milestones: z
      .array(
        z
          .object({
            description: z.string().min(1).max(500),
            percent: z.number().int().min(1).max(100),
            dueAt: isoTime.optional(),
          })
          .strict(),
      )
      .max(20)
      .optional(),
  })
  .strict();
export type PaymentTerms = z.infer<typeof paymentTermsSchema>;

export const termsSchema = z
  .object({
    price: positiveMoneySchema,
    paymentTerms: paymentTermsSchema,
    deliverables: z.array(offerDeliverableSchema).min(1).max(50),
    usageRightsDays: z.number().int().min(0).max(3650),
    exclusivityDays: z.number().int().min(0).max(3650),
    revisionRounds: z.number().int().min(0).max(10),
    /** An unreviewed submission is deemed approved after this many days (14 when absent). */
    reviewWindowDays: z.number().int().min(1).max(90).optional(),
  })
  .strict();
export type Terms = z.infer<typeof termsSchema>;

/** Terms a brand may set when sending an offer besides price and deliverables; the rest take defaults. */
export const proposedTermsSchema = termsSchema.omit({ price: true, deliverables: true }).partial().strict();
export type ProposedTerms = z.infer<typeof proposedTermsSchema>;

export const negotiationSideSchema = z.enum(['brand', 'creator']);
export type NegotiationSide = z.infer<typeof negotiationSideSchema>;

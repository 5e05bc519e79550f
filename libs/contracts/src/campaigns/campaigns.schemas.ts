import { z } from 'zod';
import { freeText, nameText } from '../common/text.js';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { currencySchema, moneySchema } from '../common/money.js';
import { creatorRefSchema } from '../common/refs.js';
import { isoTime } from '../common/time.js';
import { pageCursor, pageLimit } from '../common/page.js';
import { OFFER_STATUSES, termsDeliverableSchema, termsSchema, WORK_STATUSES } from '../negotiation/negotiation.schemas.js';

/** Shapes shared by campaigns' subjects, its events, the gateway's routes and their tests. */

/**
 * One status for an offer from sending to the end of the work it bought: negotiation's offer
 * statuses, then its work statuses. Tabs and counts are built on it.
 */
export const LIFECYCLE_STATUSES = [...OFFER_STATUSES, ...WORK_STATUSES] as const;
export const lifecycleStatusSchema = z.enum(LIFECYCLE_STATUSES);
export type LifecycleStatus = z.infer<typeof lifecycleStatusSchema>;

/** What is left of a budget: below zero once accepted deals went over it (money itself never is). */
export const balanceSchema = z.object({
  amount: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  currency: currencySchema,
});

/** Money that must be more than nothing: a price or a budget of zero is a mistake. */
export const positiveMoneySchema = moneySchema.refine((m) => m.amount > 0, { message: 'must be more than zero', path: ['amount'] });

/** Terms a brand may set when sending an offer besides price and deliverables; the rest take defaults. */
const t = termsSchema.shape;
export const proposedTermsSchema = z
  .object({
    paymentTerms: t.paymentTerms,
    usageRightsDays: t.usageRightsDays,
    exclusivityDays: t.exclusivityDays,
    exclusivityCategory: t.exclusivityCategory,
    revisionRounds: t.revisionRounds,
    reviewWindowDays: z.number().int().min(1).max(90),
  })
  .partial()
  .strict();
export type ProposedTerms = z.infer<typeof proposedTermsSchema>;

export const CAMPAIGN_TABS = ['pending', 'active', 'completed', 'inactive'] as const;
export const campaignTabSchema = z.enum(CAMPAIGN_TABS);
export type CampaignTab = z.infer<typeof campaignTabSchema>;

/** Offers in each tab: what the creator card and the roster summary show. */
export const tabCountsSchema = z.object({
  pending: z.number().int().nonnegative(),
  active: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  inactive: z.number().int().nonnegative(),
});
export type TabCounts = z.infer<typeof tabCountsSchema>;

export const AGE_RANGES = ['13-17', '18-24', '25-34', '35-44', '45-54', '55+'] as const;

export const targetAudienceSchema = z
  .object({
    /** ISO 3166-1 alpha-2 country codes. */
    regions: z.array(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code, e.g. US')).max(250).default([]),
    ageRanges: z.array(z.enum(AGE_RANGES)).max(AGE_RANGES.length).default([]),
    categories: z.array(nameText({ max: 64 })).max(50).default([]),
  })
  .strict();
export type TargetAudience = z.infer<typeof targetAudienceSchema>;

export const campaignDeliverableSchema = z
  .object({
    type: deliverableTypeSchema,
    quantity: z.number().int().min(1).max(1000),
    dueAt: isoTime,
  })
  .strict();
export type CampaignDeliverable = z.infer<typeof campaignDeliverableSchema>;

const orgRef = z.object({ id: z.uuid(), name: z.string() });

/**
 * Where a campaign stands: `active` takes new offers; `paused` and `closed` refuse them while
 * deals already made go on to completion. A paused campaign can be resumed; closing is final.
 */
export const CAMPAIGN_STATUSES = ['active', 'paused', 'closed'] as const;
export const campaignStatusSchema = z.enum(CAMPAIGN_STATUSES);
export type CampaignStatus = z.infer<typeof campaignStatusSchema>;

/** Campaign dates in order, and every due date inside them (the create and edit forms alike). */
function checkSchedule(c: { startsAt?: string; endsAt?: string; deliverables?: readonly { dueAt: string }[] }, ctx: z.RefinementCtx): void {
  if (c.startsAt === undefined || c.endsAt === undefined) return; // an edit naming one date is judged against the stored other
  const starts = Date.parse(c.startsAt);
  const ends = Date.parse(c.endsAt);
  if (ends <= starts) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    return; // due dates cannot be judged against a window that does not exist
  }
  c.deliverables?.forEach((d, i) => {
    const due = Date.parse(d.dueAt);
    if (due < starts || due > ends) ctx.addIssue({ code: 'custom', path: ['deliverables', i, 'dueAt'], message: 'must be between startsAt and endsAt' });
  });
}

/**
 * A new campaign. Field errors name what is wrong: dates out of order, a due date outside the
 * campaign, money that is not positive or not an ISO currency, no deliverables.
 */
export const createCampaignRequest = z
  .object({
    name: nameText({ max: 200 }),
    brief: freeText({ max: 20_000 }).default(''),
    objectives: z.array(freeText({ max: 500, min: 1 })).max(20).default([]),
    budget: positiveMoneySchema,
    startsAt: isoTime,
    endsAt: isoTime,
    deliverables: z.array(campaignDeliverableSchema).min(1, 'a campaign needs at least one deliverable').max(50),
    targetAudience: targetAudienceSchema.default({ regions: [], ageRanges: [], categories: [] }),
  })
  .strict()
  .superRefine(checkSchedule);

export const campaignSchema = z.object({
  id: z.uuid(),
  brand: orgRef,
  name: z.string(),
  brief: z.string(),
  objectives: z.array(z.string()),
  budget: moneySchema,
  startsAt: isoTime,
  endsAt: isoTime,
  deliverables: z.array(campaignDeliverableSchema),
  targetAudience: targetAudienceSchema,
  status: campaignStatusSchema,
  /** Counts every change (edit, pause, resume, close): an edit names the version it started from. */
  version: z.number().int().positive(),
  /** The sum of the prices of the offers accepted so far (in progress or completed). */
  committed: moneySchema,
  /** Budget minus committed; below zero when accepted deals went over it. */
  remaining: balanceSchema,
  createdBy: z.uuid(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Offers of this campaign in each tab (one offer per creator is open at a time). */
  counts: tabCountsSchema,
});
export type Campaign = z.infer<typeof campaignSchema>;

/** Where each creator the campaign has approached stands. */
export const campaignCreatorSchema = z.object({
  creatorId: z.uuid(),
  /** `creatorId` named, as campaigns' directory of creators has them. */
  creator: creatorRefSchema,
  offerId: z.uuid(),
  status: lifecycleStatusSchema,
  tab: campaignTabSchema,
  price: moneySchema,
  belowRateCard: z.boolean().nullable(),
  respondBy: isoTime,
  sentAt: isoTime,
});

/**
 * An edit of a campaign: any of its fields, from the `version` the editor saw (409 when it has
 * changed since). The budget may only go up and keep its currency; dates and due dates are
 * judged with the stored values for the fields left out (422).
 */
export const updateCampaignRequest = z
  .object({
    campaignId: z.uuid(),
    version: z.number().int().positive(),
    name: nameText({ max: 200 }).optional(),
    brief: freeText({ max: 20_000 }).optional(),
    objectives: z.array(freeText({ max: 500, min: 1 })).max(20).optional(),
    budget: positiveMoneySchema.optional(),
    startsAt: isoTime.optional(),
    endsAt: isoTime.optional(),
    deliverables: z.array(campaignDeliverableSchema).min(1, 'a campaign needs at least one deliverable').max(50).optional(),
    targetAudience: targetAudienceSchema.optional(),
  })
  .strict()
  .superRefine(checkSchedule);
export type UpdateCampaignRequest = z.infer<typeof updateCampaignRequest>;

/** Pause, resume or close: `version`, when given, must be the campaign's current one (409 otherwise). */
export const campaignCommandRequest = z.object({ campaignId: z.uuid(), version: z.number().int().positive().optional() }).strict();

export const campaignDetailSchema = campaignSchema.extend({ creators: z.array(campaignCreatorSchema) });
export type CampaignDetail = z.infer<typeof campaignDetailSchema>;

export const sendOfferRequest = z
  .object({
    campaignId: z.uuid(),
    creatorId: z.uuid(),
    price: positiveMoneySchema,
    deliverables: t.deliverables,
    /** When the creator must answer by; 7 days from sending when absent. */
    respondBy: isoTime.optional(),
    terms: proposedTermsSchema.optional(),
    /** Send although the price is more than the campaign's remaining budget (422 without it). */
    allowOverBudget: z.boolean().optional(),
  })
  .strict();

export const offerSchema = z.object({
  id: z.uuid(),
  campaign: z.object({ id: z.uuid(), name: z.string() }),
  brand: orgRef,
  creatorId: z.uuid(),
  status: lifecycleStatusSchema,
  tab: campaignTabSchema,
  price: moneySchema,
  deliverables: z.array(termsDeliverableSchema),
  terms: termsSchema,
  /** The current terms version in negotiation (1 = as sent). */
  version: z.number().int().positive(),
  respondBy: isoTime,
  /**
   * Whether the price, when sent, was below what the creator's rate card asked for these
   * deliverables; null when there was no card (or it did not price every deliverable in the
   * offer's currency). Never recomputed: later card changes do not rewrite it.
   */
  belowRateCard: z.boolean().nullable(),
  /** The card price the offer was compared with, and the card version it came from. */
  rateCardPrice: moneySchema.nullable(),
  rateCardVersion: z.number().int().positive().nullable(),
  nextDeadline: isoTime.nullable(),
  sentBy: z.uuid(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Offer = z.infer<typeof offerSchema>;

/** A row of a creator's campaign tab. */
export const tabRowSchema = z.object({
  offerId: z.uuid(),
  campaignId: z.uuid(),
  campaignName: z.string(),
  brand: orgRef,
  price: moneySchema,
  status: lifecycleStatusSchema,
  nextDeadline: isoTime.nullable(),
  belowRateCard: z.boolean().nullable(),
  rateCardPrice: moneySchema.nullable(),
  sentAt: isoTime,
});
export type TabRow = z.infer<typeof tabRowSchema>;

export const listTabRequest = z
  .object({
    creatorId: z.uuid(),
    tab: campaignTabSchema.default('pending'),
    limit: pageLimit,
    cursor: pageCursor.optional(),
  })
  .strict();

export const MAX_COUNTS_BATCH = 200;

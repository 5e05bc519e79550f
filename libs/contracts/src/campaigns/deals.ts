import { z } from 'zod';
import { moneySchema } from '../common/money.js';
import { creatorRefSchema } from '../common/refs.js';
import { nameText } from '../common/text.js';
import { pageCursor, pageLimit } from '../common/page.js';
import { isoTime } from '../common/time.js';
import { workStatusSchema, type Side, type WorkStatus } from '../negotiation/negotiation.schemas.js';
import { campaignTabSchema, lifecycleStatusSchema, tabCountsSchema, type LifecycleStatus } from './campaigns.schemas.js';
import { nextDeadline, tabOf } from './offer-tabs.js';

/**
 * The deals inbox (docs/domain.md, "Deals inbox"): every offer an agency member may read across the
 * roster, or every offer of a brand, with whose move it is. Campaigns answers it from its
 * projection of negotiation's events.
 */

/** Whose move it is: the brand, the creator side (the agency or the creator), the creator alone (a confirmation), or nobody. */
export const TURNS = ['brand', 'creator_side', 'creator'] as const;
export const turnSchema = z.enum(TURNS);
export type Turn = z.infer<typeof turnSchema>;

/**
 * Whose move it is, from the one status and the side that wrote the current terms. While the
 * terms are open the other side answers; an agency's accept waits on the creator; accepted
 * work waits on the creator side to deliver, a draft on the brand's review, fully approved work
 * on the brand's completion; a settled offer waits on nobody.
 */
export function turnOf(status: LifecycleStatus, currentAuthor: Side): Turn | null {
  switch (status) {
    case 'awaiting_response':
    case 'changes_proposed':
      return currentAuthor === 'brand' ? 'creator_side' : 'brand';
    case 'awaiting_creator_confirmation':
      return 'creator';
    case 'accepted':
    case 'active':
    case 'revisions_requested':
      return 'creator_side';
    case 'content_submitted':
    case 'approved':
      return 'brand';
    default:
      return null;
  }
}

/** Negotiation's work status behind a lifecycle status (null until accepted and for offers that ended undecided). */
export function workStatusOf(status: LifecycleStatus): WorkStatus | null {
  if (status === 'accepted') return 'active';
  return (workStatusSchema.options as readonly string[]).includes(status) ? (status as WorkStatus) : null;
}

/** `needs=me|counterparty|creator` relative to the caller's side. */
export const DEAL_NEEDS = ['me', 'counterparty', 'creator'] as const;
export type DealNeeds = (typeof DEAL_NEEDS)[number];

/** The turn a `needs` filter selects for a caller on the brand side or the creator side. */
export function turnNeeded(needs: DealNeeds, callerSide: 'brand' | 'creator_side'): Turn {
  if (needs === 'creator') return 'creator';
  if (needs === 'me') return callerSide;
  return callerSide === 'brand' ? 'creator_side' : 'brand';
}

/** Statuses in which undelivered work can run late: accepted and not yet fully submitted or approved. */
export const DELIVERY_PENDING: readonly LifecycleStatus[] = ['accepted', 'active', 'revisions_requested'];

export const DEADLINE_KINDS = ['respond_by', 'deliverable_due'] as const;

/**
 * The next deadline and whether one has passed: an undecided offer past `respondBy`, or work
 * still to deliver whose first due date has gone by.
 */
export function dealDeadline(
  status: LifecycleStatus,
  respondBy: Date,
  dueDates: readonly string[],
  now: Date,
): { next: { kind: (typeof DEADLINE_KINDS)[number]; at: string } | null; overdue: boolean } {
  const at = nextDeadline(status, respondBy, dueDates, now);
  const first = dueDates.length ? Math.min(...dueDates.map((d) => Date.parse(d))) : null;
  const overdue =
    (tabOf(status) === 'pending' && respondBy.getTime() < now.getTime()) || (DELIVERY_PENDING.includes(status) && first !== null && first < now.getTime());
  return { next: at ? { kind: tabOf(status) === 'pending' ? 'respond_by' : 'deliverable_due', at: at.toISOString() } : null, overdue };
}

const ref = z.object({ id: z.uuid(), name: z.string() });

export const dealRowSchema = z.object({
  offerId: z.uuid(),
  campaign: ref,
  brand: ref,
  creator: creatorRefSchema,
  price: moneySchema,
  status: lifecycleStatusSchema,
  /** Where the accepted work stands (null before acceptance and after an offer ended undecided). */
  workStatus: workStatusSchema.nullable(),
  turn: turnSchema.nullable(),
  nextDeadline: z.object({ kind: z.enum(DEADLINE_KINDS), at: isoTime }).nullable(),
  overdue: z.boolean(),
  belowRateCard: z.boolean().nullable(),
  sentAt: isoTime,
});
/** A deal as campaigns' projection knows it. */
export type DealRow = z.infer<typeof dealRowSchema>;

/** A deal as the inbox shows it: with the creator's assigned managers (roster owns assignments; agency callers only). */
export const dealSchema = dealRowSchema.extend({
  /** A name is null where the caller may not list the agency's members. */
  assignees: z.array(z.object({ userId: z.uuid(), name: z.string().nullable() })),
});
export type Deal = z.infer<typeof dealSchema>;

/** The tabs' counts, and how many deals wait on the caller's side and how many are overdue. */
export const dealCountsSchema = tabCountsSchema.extend({
  needsMe: z.number().int().nonnegative(),
  overdue: z.number().int().nonnegative(),
});
export type DealCounts = z.infer<typeof dealCountsSchema>;

export const dealRowsPageSchema = z.object({ items: z.array(dealRowSchema), counts: dealCountsSchema, nextCursor: z.string().nullable() });
export const dealsPageSchema = dealRowsPageSchema.extend({ items: z.array(dealSchema) });
export type DealsPage = z.infer<typeof dealsPageSchema>;

/** At most this many creators may be named by an assignee filter (the gateway resolves it through roster). */
export const MAX_ASSIGNED_CREATORS = 5000;

export const dealsListRequest = z
  .object({
    tab: campaignTabSchema.optional(),
    needs: z.enum(DEAL_NEEDS).optional(),
    overdue: z.boolean().optional(),
    /** `me` or a member's user id: deals of the creators assigned to them on the roster. */
    assignee: z.union([z.literal('me'), z.uuid()]).optional(),
    creatorId: z.uuid().optional(),
    brandId: z.uuid().optional(),
    campaignId: z.uuid().optional(),
    /** Matches campaign, brand and creator names and the creator's handle, case-insensitively. */
    q: nameText({ max: 100 }).optional(),
    limit: pageLimit,
    cursor: pageCursor.optional(),
  })
  .strict();
export type DealsListRequest = z.input<typeof dealsListRequest>;

/**
 * What campaigns is asked: the filters, with an assignee already resolved by the gateway to the
 * creators assigned to them (roster owns assignments); campaigns filters on those ids.
 */
export const dealsQuerySchema = dealsListRequest.extend({ assignedCreatorIds: z.array(z.uuid()).max(MAX_ASSIGNED_CREATORS).optional() }).strict();
export type DealsQuery = z.infer<typeof dealsQuerySchema>;

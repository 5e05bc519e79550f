import { z } from 'zod';
import { freeText, nameText } from '../common/text.js';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { moneySchema } from '../common/money.js';
import { languageTagSchema, regionCodeSchema } from '../common/locale-codes.js';
import { isoTime } from '../common/time.js';
import { pageCursor, pageLimit } from '../common/page.js';
import { scopeSchema } from '../principal.js';
import { auditActorSchema } from '../common/audit-record.js';

/** Shapes shared by roster's subjects, its events, the gateway's routes and their tests. */

/** Content categories a creator can list (the marketplace's own filter), lowercase. */
export const CREATOR_CATEGORIES = [
  'art',
  'automotive',
  'beauty',
  'comedy',
  'dance',
  'education',
  'entertainment',
  'family',
  'fashion',
  'finance',
  'fitness',
  'food',
  'gaming',
  'health',
  'home',
  'lifestyle',
  'music',
  'outdoors',
  'pets',
  'science',
  'sports',
  'tech',
  'travel',
] as const;
export const creatorCategorySchema = z.enum(CREATOR_CATEGORIES);
export type CreatorCategory = z.infer<typeof creatorCategorySchema>;

const distinct = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((xs) => new Set(xs as unknown[]).size === xs.length, 'values must not repeat');

export const BIO_MAX_LENGTH = 2000;

/** What a creator (or a grant holder) may change; `handle` and `name` are the account's, set in identity. */
export const profileFieldsSchema = z.object({
  bio: freeText({ max: BIO_MAX_LENGTH }),
  categories: distinct(creatorCategorySchema, 5),
  regions: distinct(regionCodeSchema, 20),
  languages: distinct(languageTagSchema, 10),
  marketplaceVisible: z.boolean(),
  /** While in the future, the creator shows as unavailable (as TikTok's marketplace does). */
  onVacationUntil: isoTime.nullable(),
});
export type ProfileFields = z.infer<typeof profileFieldsSchema>;

export const profileSchema = profileFieldsSchema.extend({
  // As stored: the text rule judges what is written, not what an older write left behind.
  bio: z.string(),
  creatorId: z.uuid(),
  handle: z.string(),
  name: z.string(),
  /** False while `onVacationUntil` is in the future. */
  available: z.boolean(),
  version: z.number().int().nonnegative(),
  updatedAt: isoTime,
});
export type Profile = z.infer<typeof profileSchema>;

export const rateItemSchema = z.object({
  deliverable: deliverableTypeSchema,
  price: moneySchema,
});
export type RateItem = z.infer<typeof rateItemSchema>;

/** A creator's prices: one per deliverable type, one currency. Version 0: never written. */
export const rateCardSchema = z.object({
  creatorId: z.uuid(),
  items: z.array(rateItemSchema),
  version: z.number().int().nonnegative(),
  updatedAt: isoTime.nullable(),
});
export type RateCard = z.infer<typeof rateCardSchema>;

export const rateChangeSchema = z.object({
  version: z.number().int().positive(),
  changedAt: isoTime,
  changedBy: z.uuid(),
  /** The creator's own write: null; an agency's: the grant it used. */
  grantId: z.uuid().nullable(),
  /** `changedBy` named: the person, and the agency when they wrote through its grant. */
  actor: auditActorSchema,
  old: z.array(rateItemSchema),
  new: z.array(rateItemSchema),
});
export type RateChange = z.infer<typeof rateChangeSchema>;

/**
 * `name` and `since` are roster's own order; `followers` and `engagementRate` (highest first) are
 * metrics, so the gateway orders by them (roster itself refuses them with 422).
 */
export const ROSTER_SORTS = ['name', 'since', 'followers', 'engagementRate'] as const;
export const METRIC_SORTS = ['followers', 'engagementRate'] as const;

export const rosterEntrySchema = z.object({
  creator: z.object({ id: z.uuid(), handle: z.string(), name: z.string() }),
  grantId: z.uuid(),
  scopes: z.array(scopeSchema),
  /** When the grant became active. */
  since: isoTime,
  expiresAt: isoTime.nullable(),
  assigneeIds: z.array(z.uuid()),
  categories: z.array(creatorCategorySchema),
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

export const rosterListRequest = z
  .object({
    limit: pageLimit,
    cursor: pageCursor.optional(),
    sort: z.enum(ROSTER_SORTS).default('name'),
    assigneeId: z.uuid().optional(),
    category: creatorCategorySchema.optional(),
    /** Matches handle or name, case-insensitively. */
    q: nameText({ max: 100 }).optional(),
  })
  .strict();
export type RosterListRequest = z.input<typeof rosterListRequest>;

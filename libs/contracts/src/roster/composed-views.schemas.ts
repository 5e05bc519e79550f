import { z } from 'zod';
import { creatorKpisSchema, audienceSchema } from '../metrics/metrics.schemas.js';
import { tabCountsSchema } from '../campaigns/campaigns.schemas.js';
import { profileSchema, rateCardSchema, rosterEntrySchema } from './roster.schemas.js';

/**
 * What the gateway composes from several services for the roster and the creator card. A
 * section whose service is slow or down is null and named in `degraded`; a section the caller
 * may not see (e.g. metrics without `metrics:read`) is null and not named there.
 */
export const CARD_SECTIONS = ['profile', 'rates', 'metrics', 'audience', 'campaigns'] as const;
export const cardSectionSchema = z.enum(CARD_SECTIONS);
export type CardSection = z.infer<typeof cardSectionSchema>;

export const creatorCardSchema = z.object({
  creatorId: z.uuid(),
  profile: profileSchema.nullable(),
  rates: rateCardSchema.nullable(),
  /** Over the default window (`last30v`). */
  metrics: creatorKpisSchema.nullable(),
  audience: audienceSchema.nullable(),
  campaigns: tabCountsSchema.nullable(),
  degraded: z.array(cardSectionSchema),
});
export type CreatorCard = z.infer<typeof creatorCardSchema>;

export const rosterSummarySchema = z.object({
  followers: z.number().int().nonnegative().nullable(),
  engagementRate: z.number().nullable(),
  activeCampaigns: z.number().int().nonnegative().nullable(),
  pendingOffers: z.number().int().nonnegative().nullable(),
});
export type RosterSummary = z.infer<typeof rosterSummarySchema>;

export const rosterRowSchema = rosterEntrySchema.extend({
  summary: rosterSummarySchema,
  /** The assigned members by name, for every reader of the roster (`name` null when identity did not answer). */
  assignees: z.array(z.object({ userId: z.uuid(), name: z.string().nullable() })),
});
export type RosterRow = z.infer<typeof rosterRowSchema>;

export const rosterPageSchema = z.object({
  items: z.array(rosterRowSchema),
  nextCursor: z.string().nullable(),
  /** Summary sources that did not answer for this page (`metrics`, `campaigns`). */
  degraded: z.array(cardSectionSchema),
});
export type RosterPage = z.infer<typeof rosterPageSchema>;

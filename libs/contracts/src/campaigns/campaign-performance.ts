import { z } from 'zod';
import { isoTime } from '../common/time.js';
import { moneySchema } from '../common/money.js';
import { VIDEO_VERIFICATIONS } from '../metrics/deliverable-video.rules.js';
import { dayViewsSchema } from '../metrics/metrics.schemas.js';
import { lifecycleStatusSchema } from './campaigns.schemas.js';

const count = z.number().int().nonnegative();
const rate = z.number().nonnegative().nullable();

/**
 * A campaign's results, composed by the gateway from campaigns (the campaign and its deals),
 * negotiation (each deal's payment schedule) and metrics (each deal's verified videos).
 *
 * - `committed`: what the campaign's deals bind the brand to — the sum of each accepted deal's
 *   payment schedule, leaving out voided payments, so a deal cancelled by agreement counts what
 *   its settlement left owed (and what was paid before), not its price; `paid`: payments
 *   marked paid; `remaining` = budget − committed (negative when over budget).
 * - `views`, `engagements`, `engagementRate`: the deals' approved, verified videos only (the
 *   creator's own, posted at or after acceptance), each at its latest observation.
 * - `cpm`, `cpe`: `committed` per thousand views and per engagement, in whole minor units; a
 *   row's `cpm` and `cpe` are of its agreed `price`, as on the offer's own performance.
 * - One row per accepted deal (a creator with two deals in the campaign has two rows).
 * A part whose service did not answer is null and named in `provenance.degraded`.
 */
export const campaignPerformanceCreatorSchema = z.object({
  creatorId: z.uuid(),
  displayName: z.string().nullable(),
  handle: z.string().nullable(),
  status: lifecycleStatusSchema,
  price: moneySchema,
  committed: moneySchema.nullable(),
  paid: moneySchema.nullable(),
  views: count.nullable(),
  engagements: count.nullable(),
  engagementRate: rate,
  cpm: moneySchema.nullable(),
  cpe: moneySchema.nullable(),
  /** The deal's verified videos' views at the end of each day, oldest first; empty before any is observed. */
  viewsOverTime: z.array(dayViewsSchema),
  videos: z.array(
    z.object({
      /** `verified` videos count; the others (not seen yet, posted before acceptance, another creator's) show why not. */
      verification: z.enum(VIDEO_VERIFICATIONS),
      postedAt: isoTime.nullable(),
      views: count,
      engagements: count,
    }),
  ),
});

export const CAMPAIGN_PERFORMANCE_PARTS = ['payments', 'metrics'] as const;

export const campaignPerformanceSchema = z.object({
  campaignId: z.uuid(),
  name: z.string(),
  brandName: z.string(),
  startsAt: isoTime,
  endsAt: isoTime,
  budget: moneySchema,
  committed: moneySchema.nullable(),
  paid: moneySchema.nullable(),
  remaining: moneySchema.nullable(),
  views: count.nullable(),
  engagements: count.nullable(),
  engagementRate: rate,
  cpm: moneySchema.nullable(),
  cpe: moneySchema.nullable(),
  creators: z.array(campaignPerformanceCreatorSchema),
  provenance: z.object({
    /** When the latest observation counted was taken; null without any. */
    asOf: isoTime.nullable(),
    videosCounted: count,
    /** Approved videos not counted (yet): unseen by metrics, posted before acceptance, or another creator's. */
    videosNotCounted: count,
    observationsCounted: count,
    formulaVersion: z.string().nullable(),
    /** When the figures were put together. */
    generatedAt: isoTime,
    degraded: z.array(z.enum(CAMPAIGN_PERFORMANCE_PARTS)),
  }),
});
export type CampaignPerformance = z.infer<typeof campaignPerformanceSchema>;
export type CampaignPerformanceCreator = z.infer<typeof campaignPerformanceCreatorSchema>;

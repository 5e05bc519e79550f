import { z } from 'zod';
import { defineRequest } from '../contract.js';
import { pageCursor } from '../common/page.js';
import { regionCodeSchema } from '../common/locale-codes.js';
import { creatorCategorySchema } from '../roster/roster.schemas.js';
import { moneySchema } from '../common/money.js';
import { videoIdSchema } from '../metrics-ingestion/ingestion.schemas.js';
import {
  audienceSchema,
  creatorKpisSchema,
  creatorSignalsSchema,
  DEFAULT_MIN_COUNTRY_SHARE,
  discoveredCreatorSchema,
  DISCOVERY_SORTS,
  kpiWindowSchema,
  MAX_DISCOVERY_PAGE,
  MAX_SERIES_DAYS,
  knownVideoSchema,
  MAX_OFFER_PERFORMANCE_BATCH,
  offerPerformanceItemSchema,
  offerPerformanceSchema,
  offersTotalsSchema,
  seriesSchema,
} from './metrics.schemas.js';

export const metricsContracts = {
  kpisGet: defineRequest({
    subject: 'metrics.kpis.get.v1',
    description: "A creator's KPIs over a window, with provenance and cohort benchmarks. 404 when the caller may not see the creator.",
    request: z.object({ creatorId: z.uuid(), window: kpiWindowSchema.default('last30v') }).strict(),
    response: creatorKpisSchema,
  }),
  audienceGet: defineRequest({
    subject: 'metrics.audience.get.v1',
    description: "A creator's latest audience demographics. 404 when the caller may not see the creator.",
    request: z.object({ creatorId: z.uuid() }).strict(),
    response: audienceSchema,
  }),
  cardGet: defineRequest({
    subject: 'metrics.card.get.v1',
    description:
      "The creator card's metrics parts in one request, after one `metrics:read` check: the KPIs over `window` (the card's " +
      '`last30v`, with benchmarks and signals as `metrics.kpis.get.v1` gives them) and the latest audience. 404 when the caller may not see the creator.',
    request: z.object({ creatorId: z.uuid(), window: kpiWindowSchema.default('last30v') }).strict(),
    response: z.object({ kpis: creatorKpisSchema, audience: audienceSchema }),
  }),
  seriesGet: defineRequest({
    subject: 'metrics.series.get.v1',
    description: "A creator's followers per day over the last `days` days and views of their 30 most recent videos, for charts. 404 when the caller may not see the creator.",
    request: z.object({ creatorId: z.uuid(), days: z.number().int().min(7).max(MAX_SERIES_DAYS).default(90) }).strict(),
    response: seriesSchema,
  }),
  signalsGet: defineRequest({
    subject: 'metrics.signals.get.v1',
    description:
      "Anomalies in a creator's figures, newest first, each with its evidence: a day's follower gain beyond the creator's own robust spread, " +
      'and engagement far below the cohort while views are far above it. 404 when the caller may not see the creator.',
    request: z.object({ creatorId: z.uuid() }).strict(),
    response: creatorSignalsSchema,
  }),
  creatorsDiscover: defineRequest({
    subject: 'metrics.creators.discover.v1',
    description:
      'Marketplace discovery for brands: marketplace-visible creators with follower figures, filtered by category (any they list), ' +
      `audience country (at least \`minCountryShare\` of the audience there, ${DEFAULT_MIN_COUNTRY_SHARE} by default), followers and ` +
      'engagement rate, sorted descending by followers or engagement rate (creators without one last), keyset-paginated.',
    request: z
      .object({
        category: creatorCategorySchema.optional(),
        country: regionCodeSchema.optional(),
        minCountryShare: z.number().min(0).max(1).optional(),
        minFollowers: z.number().int().nonnegative().optional(),
        minEngagementRate: z.number().nonnegative().optional(),
        sort: z.enum(DISCOVERY_SORTS).default('followers'),
        limit: z.number().int().min(1).max(MAX_DISCOVERY_PAGE).default(25),
        cursor: pageCursor.optional(),
      })
      .strict()
      .refine((q) => q.minCountryShare === undefined || q.country !== undefined, { path: ['minCountryShare'], message: 'minCountryShare needs a country' }),
    response: z.object({ items: z.array(discoveredCreatorSchema), nextCursor: z.string().nullable() }),
  }),
  offerPerformance: defineRequest({
    subject: 'metrics.offers.performance.v1',
    description: "Views, engagements, CPM and CPE of the videos named on an offer's approved submissions. 404 when the caller is not a party to the offer (its brand, its creator, or an agency whose grant has a scope on offers).",
    request: z.object({ offerId: z.uuid() }).strict(),
    response: offerPerformanceSchema,
  }),
  offerPerformanceBatch: defineRequest({
    subject: 'metrics.offers.performance-batch.v1',
    description:
      "The performance of many offers at once (a campaign's results), each with its creator and acceptance time, and their totals; with `spend`, the totals' CPM and CPE are of that amount. Offers the caller is not a party to, or metrics has not heard of, are left out.",
    request: z
      .object({
        offerIds: z
          .array(z.uuid())
          .min(1)
          .max(MAX_OFFER_PERFORMANCE_BATCH)
          .refine((ids) => new Set(ids).size === ids.length, 'offerIds must not repeat'),
        spend: moneySchema.optional(),
      })
      .strict(),
    response: z.object({ items: z.array(offerPerformanceItemSchema), totals: offersTotalsSchema }),
  }),
  videosLookup: defineRequest({
    subject: 'metrics.videos.lookup.v1',
    description:
      'Under which creators metrics has observed each video id, and when each was posted: negotiation checks a deliverable\'s video with it before a brand approves it. Ids metrics has not seen are absent from `items`.',
    request: z.object({ videoIds: z.array(videoIdSchema).min(1).max(50) }).strict(),
    response: z.object({ items: z.array(knownVideoSchema) }),
    callers: ['negotiation'],
  }),
} as const;

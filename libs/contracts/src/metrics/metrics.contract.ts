import { z } from 'zod';
import { defineRequest } from '../contract.js';
import { audienceSchema, creatorKpisSchema, kpiWindowSchema, MAX_SERIES_DAYS, offerPerformanceSchema, seriesSchema } from './metrics.schemas.js';

/** Most creators one batch call may name (a roster page, a card grid). */
export const MAX_KPI_BATCH = 200;

export const metricsContracts = {
  kpisGet: defineRequest({
    subject: 'metrics.kpis.get.v1',
    description: "A creator's KPIs over a window, with provenance and cohort benchmarks. 404 when the caller may not see the creator.",
    request: z.object({ creatorId: z.uuid(), window: kpiWindowSchema.default('last30v') }).strict(),
    response: creatorKpisSchema,
  }),
  kpisBatch: defineRequest({
    subject: 'metrics.kpis.batch.v1',
    description: 'KPIs of many creators in one call (roster, card). Creators the caller may not see are left out of `items`, not errors.',
    request: z
      .object({
        creatorIds: z
          .array(z.uuid())
          .min(1)
          .max(MAX_KPI_BATCH)
          .refine((ids) => new Set(ids).size === ids.length, 'creatorIds must not repeat'),
        window: kpiWindowSchema.default('last30v'),
      })
      .strict(),
    response: z.object({ items: z.array(creatorKpisSchema.omit({ benchmarks: true })) }),
  }),
  audienceGet: defineRequest({
    subject: 'metrics.audience.get.v1',
    description: "A creator's latest audience demographics. 404 when the caller may not see the creator.",
    request: z.object({ creatorId: z.uuid() }).strict(),
    response: audienceSchema,
  }),
  seriesGet: defineRequest({
    subject: 'metrics.series.get.v1',
    description: "A creator's followers per day over the last `days` days and views of their 30 most recent videos, for charts. 404 when the caller may not see the creator.",
    request: z.object({ creatorId: z.uuid(), days: z.number().int().min(7).max(MAX_SERIES_DAYS).default(90) }).strict(),
    response: seriesSchema,
  }),
  offerPerformance: defineRequest({
    subject: 'metrics.offers.performance.v1',
    description: "Views, engagements, CPM and CPE of the videos named on an offer's approved submissions. 404 when the caller is not a party to the offer (its brand, its creator, or an agency whose grant has a scope on offers).",
    request: z.object({ offerId: z.uuid() }).strict(),
    response: offerPerformanceSchema,
  }),
} as const;

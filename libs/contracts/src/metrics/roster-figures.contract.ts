import { z } from 'zod';
import { defineRequest } from '../contract.js';
import { pageCursor } from '../common/page.js';
import { METRIC_SORTS } from '../roster/roster.schemas.js';

/**
 * What a roster row shows of a creator's figures, and orders by: the creator's `last30v`
 * followers and engagement rate as metrics keeps them per creator (its summary of the rollups),
 * not a KPI record computed for the call.
 */
export const rosterFiguresSchema = z.object({
  creatorId: z.uuid(),
  followers: z.number().int().nonnegative().nullable(),
  engagementRate: z.number().nonnegative().nullable(),
});
export type RosterFigures = z.infer<typeof rosterFiguresSchema>;

/** Most creators one figures batch names: a roster page. */
export const MAX_FIGURES_BATCH = 200;
/**
 * Most creators one ranking orders: the largest roster a page sorted by a metric covers. Its
 * ids (about 40 bytes each in JSON) stay far below the bus's 1 MiB message limit.
 */
export const MAX_RANKED_CREATORS = 5_000;

const distinctIds = (max: number) =>
  z
    .array(z.uuid())
    .min(1)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, 'creatorIds must not repeat');

export const metricsRosterContracts = {
  figuresBatch: defineRequest({
    subject: 'metrics.figures.batch.v1',
    description: "A roster page's figures: each creator's followers and engagement rate (`last30v`). Creators the caller may not see are left out of `items`, not errors.",
    request: z.object({ creatorIds: distinctIds(MAX_FIGURES_BATCH) }).strict(),
    response: z.object({ items: z.array(rosterFiguresSchema) }),
  }),
  figuresRank: defineRequest({
    subject: 'metrics.figures.rank.v1',
    description:
      'Orders the given creators (and no others) by a figure, highest first, and answers one page of them with their figures: ' +
      'creators without the figure, or whose figures the caller may not see, come last with null figures; ties by creator id. ' +
      '`nextCursor` continues after the last creator of the page, in the same order.',
    request: z
      .object({
        creatorIds: distinctIds(MAX_RANKED_CREATORS),
        sort: z.enum(METRIC_SORTS),
        limit: z.number().int().min(1).max(MAX_FIGURES_BATCH),
        cursor: pageCursor.optional(),
      })
      .strict(),
    response: z.object({ items: z.array(rosterFiguresSchema), nextCursor: z.string().nullable() }),
  }),
} as const;

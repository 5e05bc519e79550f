import { z } from 'zod';
import {
  AppError,
  MAX_COUNTS_BATCH,
  MAX_KPI_BATCH,
  campaignsContracts,
  metricsContracts,
  rosterContracts,
  type CreatorKpis,
  type RosterEntry,
  type RosterPage,
  type rosterListRequest,
  type TabCounts,
} from '#libs/contracts';
import { chunkBy } from '#libs/messaging';
import { cursorCodec } from '#libs/persistence';
import { addServerTiming } from '../../http/server-timing.js';
import type { RouteContext } from '../../routes/route.js';
import { composeSections, degradedOf } from '../../composition/sections.js';
import { userNames } from '../../composition/actor-names.js';
import { sectionCall, type SectionCall as Call } from './section-call.js';

/** The most creator ids one batch call carries (the batch contracts' own limits). */
export const BATCH_SIZE = Math.min(MAX_KPI_BATCH, MAX_COUNTS_BATCH);
const WINDOW = 'last30v';

type Kpis = Pick<CreatorKpis, 'creatorId' | 'followers' | 'engagementRate'>;

async function kpisOf(call: Call, creatorIds: string[]): Promise<Map<string, Kpis>> {
  const pages = await Promise.all(chunkBy(creatorIds, BATCH_SIZE).map((ids) => call(metricsContracts.kpisBatch, { creatorIds: ids, window: WINDOW })));
  return new Map(pages.flatMap((p) => p.items).map((k) => [k.creatorId, k]));
}

async function countsOf(call: Call, creatorIds: string[]): Promise<Map<string, TabCounts>> {
  const pages = await Promise.all(chunkBy(creatorIds, BATCH_SIZE).map((ids) => call(campaignsContracts.countsBatch, { creatorIds: ids })));
  return new Map(pages.flatMap((p) => p.items).map((c) => [c.creatorId, c]));
}

/** Position in a list the gateway ordered itself (by a metric), opaque to clients. */
const offsetCursor = cursorCodec(z.object({ sort: z.string(), offset: z.number().int().nonnegative() }));

function decodeOffset(cursor: string | undefined, sort: string): number {
  const key = offsetCursor.decode(cursor);
  if (key && key.sort !== sort) {
    throw new AppError('validation', 'Invalid input', 'cursor belongs to another order', [{ path: 'cursor', message: 'Use nextCursor from a previous page of this order' }]);
  }
  return key?.offset ?? 0;
}

const encodeOffset = (sort: string, offset: number) => offsetCursor.encode({ sort, offset });

/** Highest first; creators without the figure last; ties by id so pages are stable. */
export function orderByMetric(ids: string[], kpis: Map<string, Kpis>, metric: 'followers' | 'engagementRate'): string[] {
  const value = (id: string) => kpis.get(id)?.[metric] ?? null;
  return [...ids].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === vb) return a < b ? -1 : 1;
    if (va === null) return 1;
    if (vb === null) return -1;
    return vb - va;
  });
}

/**
 * GET /v1/roster: roster rows with a summary from metrics and campaigns, composed per page
 * with one batch call per service (never one per creator). Ordering by a metric needs every
 * matching creator's figure, fetched in batches of 200; without metrics that order cannot be
 * given (503), while the other orders still answer with the summaries `degraded`.
 */
export async function rosterPage(ctx: RouteContext<typeof rosterContracts.entriesList>): Promise<RosterPage> {
  const { request } = ctx;
  // The route runner parsed the query with the contract, so its defaults (limit, sort) are filled in.
  const input = ctx.input as z.output<typeof rosterListRequest>;
  const call = sectionCall(ctx);
  let entries: RosterEntry[];
  let nextCursor: string | null;
  let known: Map<string, Kpis> | undefined;

  if (input.sort === 'followers' || input.sort === 'engagementRate') {
    const offset = decodeOffset(input.cursor, input.sort);
    const { creatorIds } = await ctx.send(rosterContracts.entriesIds, { assigneeId: input.assigneeId, category: input.category, q: input.q });
    known = creatorIds.length ? await kpisOf(call, creatorIds) : new Map();
    const ordered = orderByMetric(creatorIds, known, input.sort);
    const pageIds = ordered.slice(offset, offset + input.limit);
    const found = pageIds.length ? (await ctx.send(rosterContracts.entriesGet, { creatorIds: pageIds })).items : [];
    const byId = new Map(found.map((e) => [e.creator.id, e]));
    entries = pageIds.map((id) => byId.get(id)).filter((e): e is RosterEntry => e !== undefined);
    nextCursor = offset + input.limit < ordered.length ? encodeOffset(input.sort, offset + input.limit) : null;
  } else {
    ({ items: entries, nextCursor } = await ctx.call());
  }

  const ids = entries.map((e) => e.creator.id);
  const metricsKnown = known;
  const [out, names] = await Promise.all([
    composeSections({
      metrics: { allowed: ids.length > 0, fetch: () => (metricsKnown ? Promise.resolve(metricsKnown) : kpisOf(call, ids)) },
      campaigns: { allowed: ids.length > 0, fetch: () => countsOf(call, ids) },
    }),
    // Every reader sees who manages each creator by name, not only those who may list the members.
    userNames(ctx.send, entries.flatMap((e) => e.assigneeIds)),
  ]);
  for (const [name, outcome] of Object.entries(out)) if (!('skipped' in outcome)) addServerTiming(request, name, outcome.ms);
  const kpis = out.metrics.value;
  const counts = out.campaigns.value;
  return {
    items: entries.map((e) => {
      const k = kpis?.get(e.creator.id);
      const c = counts?.get(e.creator.id);
      return {
        ...e,
        assignees: e.assigneeIds.map((userId) => ({ userId, name: names.get(userId) ?? null })),
        summary: {
          followers: k?.followers ?? null,
          engagementRate: k?.engagementRate ?? null,
          activeCampaigns: c?.active ?? null,
          pendingOffers: c?.pending ?? null,
        },
      };
    }),
    nextCursor,
    degraded: degradedOf(out) as RosterPage['degraded'],
  };
}

import type { z } from 'zod';
import {
  AppError,
  MAX_COUNTS_BATCH,
  MAX_FIGURES_BATCH,
  MAX_NAMES,
  MAX_RANKED_CREATORS,
  campaignsContracts,
  metricsRosterContracts,
  rosterContracts,
  type RosterEntry,
  type RosterFigures,
  type RosterPage,
  type rosterListRequest,
  type TabCounts,
} from '#libs/contracts';
import { chunkBy } from '#libs/messaging';
import { addServerTiming } from '../../http/server-timing.js';
import type { RouteContext } from '../../routes/route.js';
import { composeSections, degradedOf } from '../../composition/sections.js';
import { userNames } from '../../composition/actor-names.js';
import { sectionCall, type SectionCall as Call } from './section-call.js';

/** The most creator ids one batch call carries (the batch contracts' own limits). */
export const BATCH_SIZE = Math.min(MAX_FIGURES_BATCH, MAX_COUNTS_BATCH);

type Input = z.output<typeof rosterListRequest>;

async function figuresOf(call: Call, creatorIds: string[]): Promise<Map<string, RosterFigures>> {
  const pages = await Promise.all(chunkBy(creatorIds, BATCH_SIZE).map((ids) => call(metricsRosterContracts.figuresBatch, { creatorIds: ids })));
  return new Map(pages.flatMap((p) => p.items).map((f) => [f.creatorId, f]));
}

async function countsOf(call: Call, creatorIds: string[]): Promise<Map<string, TabCounts>> {
  const pages = await Promise.all(chunkBy(creatorIds, BATCH_SIZE).map((ids) => call(campaignsContracts.countsBatch, { creatorIds: ids })));
  return new Map(pages.flatMap((p) => p.items).map((c) => [c.creatorId, c]));
}

/**
 * A page's creators in order, their roster entries (perhaps still on their way), the figures
 * already known, and the assignees' names when they were asked for before the entries came.
 */
interface Listed {
  ids: string[];
  entries: Promise<RosterEntry[]>;
  nextCursor: string | null;
  figures?: Map<string, RosterFigures>;
  names?: Promise<Map<string, string>>;
}

/**
 * Ordered by a metric: roster names the matching creators, metrics (which owns the figures)
 * ranks them and answers the page's ids with their figures; only the page's entries are then
 * read. Without metrics that order cannot be given, so its failure fails the page (503).
 */
async function rankedPage(ctx: RouteContext<typeof rosterContracts.entriesList>, call: Call, input: Input, sort: 'followers' | 'engagementRate'): Promise<Listed> {
  const { creatorIds, assigneeIds } = await ctx.send(rosterContracts.entriesIds, { assigneeId: input.assigneeId, category: input.category, q: input.q });
  if (creatorIds.length > MAX_RANKED_CREATORS) {
    throw new AppError('validation', 'Invalid input', `more than ${MAX_RANKED_CREATORS} creators match: too many to order by ${sort}`, [
      { path: 'sort', message: 'Narrow the roster with assigneeId, category or q, or sort by name or since' },
    ]);
  }
  if (!creatorIds.length) return { ids: [], entries: Promise.resolve([]), nextCursor: null };
  // Who manages the matching creators is known before the page is: their names are asked for
  // while metrics ranks (a roster's assignees are its agency's members, a handful beside the
  // creators), unless there are more than one request names.
  const names = assigneeIds.length <= MAX_NAMES ? userNames(ctx.send, assigneeIds) : undefined;
  const ranked = await call(metricsRosterContracts.figuresRank, { creatorIds, sort, limit: input.limit, ...(input.cursor ? { cursor: input.cursor } : {}) });
  const ids = ranked.items.map((f) => f.creatorId);
  const entries = ids.length
    ? ctx.send(rosterContracts.entriesGet, { creatorIds: ids }).then(({ items }) => {
        const byId = new Map(items.map((e) => [e.creator.id, e]));
        // A creator who left the roster since it was listed is left out.
        return ids.map((id) => byId.get(id)).filter((e): e is RosterEntry => e !== undefined);
      })
    : Promise.resolve([]);
  return { ids, entries, nextCursor: ranked.nextCursor, figures: new Map(ranked.items.map((f) => [f.creatorId, f])), ...(names ? { names } : {}) };
}

/**
 * GET /v1/roster: roster rows with a summary from metrics and campaigns, composed per page
 * with one batch call per service (never one per creator). Ordering by a metric is metrics'
 * ranking of the matching creators; the other orders are roster's own, and answer with the
 * summaries `degraded` when metrics or campaigns fail.
 */
export async function rosterPage(ctx: RouteContext<typeof rosterContracts.entriesList>): Promise<RosterPage> {
  const { request } = ctx;
  // The route runner parsed the query with the contract, so its defaults (limit, sort) are filled in.
  const input = ctx.input as Input;
  const call = sectionCall(ctx);
  let listed: Listed;
  if (input.sort === 'followers' || input.sort === 'engagementRate') {
    listed = await rankedPage(ctx, call, input, input.sort);
  } else {
    const { items, nextCursor } = await ctx.call();
    listed = { ids: items.map((e) => e.creator.id), entries: Promise.resolve(items), nextCursor };
  }

  const { ids, figures: known, nextCursor } = listed;
  // The summaries need only the page's ids, so they are read while a ranked page's entries are.
  const sections = composeSections({
    metrics: { allowed: ids.length > 0, fetch: () => (known ? Promise.resolve(known) : figuresOf(call, ids)) },
    campaigns: { allowed: ids.length > 0, fetch: () => countsOf(call, ids) },
  });
  const entries = await listed.entries;
  const [out, names] = await Promise.all([
    sections,
    // Every reader sees who manages each creator by name, not only those who may list the members.
    listed.names ?? userNames(ctx.send, entries.flatMap((e) => e.assigneeIds)),
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

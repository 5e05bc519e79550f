import type { StreamableFile } from '@nestjs/common';
import type { z } from 'zod';
import { DELIVERABLE_TYPES, DELIVERABLE_LABELS, rosterContracts, scopesText, type RateCard, type RosterPage, type RosterRow, type rosterListRequest } from '#libs/contracts';
import { csvFile, cursorPages, moneyCell, wantsCsv, type CsvColumns } from '../../routes/csv-export.js';
import type { RouteContext } from '../../routes/route.js';
import { rosterPage } from './roster-page.js';

type Ctx = RouteContext<typeof rosterContracts.entriesList>;
interface Line {
  row: RosterRow;
  rates: RateCard | null;
  managers: string[];
}

async function ratesOf(ctx: Ctx, creatorIds: string[]): Promise<Map<string, RateCard>> {
  if (creatorIds.length === 0) return new Map();
  // A page is at most 200 creators, the batch's own limit: one call per page.
  const { items } = await ctx.send(rosterContracts.ratesBatch, { creatorIds });
  return new Map(items.map((card) => [card.creatorId, card]));
}

/** The export's columns: who each creator is, what the agency may do for them, their prices and figures, who manages them. */
const CSV_COLUMNS: CsvColumns<Line> = [
  ['Creator', (l) => l.row.creator.name],
  ['Handle', (l) => l.row.creator.handle],
  ['Categories', (l) => l.row.categories.join('; ')],
  ['Access', (l) => scopesText(l.row.scopes)],
  ['Since', (l) => l.row.since],
  ['Access ends', (l) => l.row.expiresAt],
  ['Managers', (l) => l.managers.join('; ')],
  ['Followers', (l) => l.row.summary.followers],
  ['Engagement rate', (l) => l.row.summary.engagementRate],
  ['Active campaigns', (l) => l.row.summary.activeCampaigns],
  ['Pending offers', (l) => l.row.summary.pendingOffers],
  ['Rates currency', (l) => l.rates?.items[0]?.price.currency],
  ...DELIVERABLE_TYPES.map((type) => [DELIVERABLE_LABELS[type], (l: Line) => moneyCell(l.rates?.items.find((i) => i.deliverable === type)?.price)] as const),
];

/**
 * GET /v1/roster: the composed page as JSON, or with `Accept: text/csv` every creator of the
 * roster that matches the filters, in the same order and pages of `limit`, each page composed
 * as the JSON one is, with rate cards and the assigned managers by name.
 */
export async function rosterPageOrExport(ctx: Ctx): Promise<RosterPage | StreamableFile> {
  if (!wantsCsv(ctx.request)) return rosterPage(ctx);
  const input = ctx.input as z.output<typeof rosterListRequest>;
  const pages = cursorPages<Line>(async (cursor, part) => {
    const pageInput = { ...input, cursor: cursor ?? input.cursor };
    const page = await rosterPage({ ...ctx, input: pageInput, call: (payload, opts) => ctx.call(payload ?? pageInput, part ? { part, ...opts } : opts) });
    // The composed page already names the assignees, for every reader.
    const rates = await ratesOf(ctx, page.items.map((r) => r.creator.id));
    const items = page.items.map((row) => ({ row, rates: rates.get(row.creator.id) ?? null, managers: row.assignees.map((a) => a.name ?? 'a member') }));
    return { items, nextCursor: page.nextCursor };
  });
  return csvFile(pages, CSV_COLUMNS, 'roster');
}

import type { StreamableFile } from '@nestjs/common';
import { AppError, campaignsContracts, rosterContracts, type Deal, type DealRow, type DealsPage, type Principal } from '#libs/contracts';
import { csvFile, cursorPages, moneyCell, wantsCsv, type CsvColumns } from '../../routes/csv-export.js';
import type { RouteContext } from '../../routes/route.js';
import { userNames } from '../../composition/actor-names.js';

type Ctx = RouteContext<typeof campaignsContracts.dealsList>;

/** A code as a person reads it: `creator_side` → "creator side". */
const words = (code: string | null | undefined) => code?.replace(/_/g, ' ') ?? null;

/** The export's columns, in order: what a spreadsheet needs to follow up every deal, by name. */
const CSV_COLUMNS: CsvColumns<Deal> = [
  ['Campaign', (d) => d.campaign.name],
  ['Brand', (d) => d.brand.name],
  ['Creator', (d) => d.creator.displayName],
  ['Handle', (d) => d.creator.handle],
  ['Price', (d) => moneyCell(d.price)],
  ['Currency', (d) => d.price.currency],
  ['Status', (d) => words(d.status)],
  ['Work', (d) => words(d.workStatus)],
  ['Whose move', (d) => words(d.turn)],
  ['Next deadline', (d) => words(d.nextDeadline?.kind)],
  ['Deadline at', (d) => d.nextDeadline?.at],
  ['Overdue', (d) => d.overdue],
  ['Below rate card', (d) => d.belowRateCard],
  ['Managers', (d) => d.assignees.map((a) => a.name ?? 'a member').join('; ')],
  ['Sent at', (d) => d.sentAt],
];

/** `assignee=me|{userId}` as the creators assigned on the caller's roster (roster owns assignments). */
async function assignedCreators(ctx: Ctx, principal: Principal): Promise<string[] | undefined> {
  const { assignee } = ctx.input;
  if (!assignee) return undefined;
  if (principal.orgKind !== 'agency') {
    throw new AppError('unprocessable', 'Not an agency', 'assignee filters an agency roster', [{ path: 'assignee', message: 'Only agency members filter by assignee' }]);
  }
  const { creatorIds } = await ctx.send(rosterContracts.entriesIds, { assigneeId: assignee === 'me' ? principal.userId : assignee });
  return creatorIds;
}

/** Adds each deal's assignees from roster, one batch per page; brands get none (assignment is the agency's business). */
async function withAssignees(ctx: Ctx, principal: Principal, items: DealRow[]): Promise<Deal[]> {
  if (principal.orgKind !== 'agency' || items.length === 0) return items.map((d) => ({ ...d, assignees: [] }));
  const creatorIds = [...new Set(items.map((d) => d.creator.id))];
  const { items: entries } = await ctx.send(rosterContracts.entriesGet, { creatorIds });
  // Named for every member who reads the inbox, from identity's names of exactly these people.
  const known = await userNames(ctx.send, entries.flatMap((e) => e.assigneeIds));
  const byCreator = new Map(entries.map((e) => [e.creator.id, e.assigneeIds]));
  return items.map((d) => ({ ...d, assignees: (byCreator.get(d.creator.id) ?? []).map((userId) => ({ userId, name: known.get(userId) ?? null })) }));
}

/**
 * GET /v1/deals: campaigns answers the page and its counts from one query over its offers
 * projection; the gateway resolves `assignee` through roster before and names the assignees
 * after. `Accept: text/csv` streams every matching row, page after page.
 */
export async function dealsInbox(ctx: Ctx): Promise<DealsPage | StreamableFile> {
  const principal = ctx.request.principal!;
  const assignedCreatorIds = await assignedCreators(ctx, principal);
  const query = { ...ctx.input, ...(assignedCreatorIds ? { assignedCreatorIds } : {}) };
  if (!wantsCsv(ctx.request)) {
    const page = await ctx.call(query);
    return { ...page, items: await withAssignees(ctx, principal, page.items) };
  }

  // Every matching deal from the cursor given on, in pages of `limit`, each page named with its assignees.
  const pages = cursorPages(async (cursor, part) => {
    const page = await ctx.call({ ...query, cursor: cursor ?? query.cursor }, part ? { part } : undefined);
    return { items: await withAssignees(ctx, principal, page.items), nextCursor: page.nextCursor };
  });
  return csvFile(pages, CSV_COLUMNS, 'deals');
}

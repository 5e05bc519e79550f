import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { AppError, campaignsContracts, identityContracts, rosterContracts, type Deal, type DealRow, type DealsPage, type Principal } from '#libs/contracts';
import type { RouteContext } from '../../routes/route.js';

type Ctx = RouteContext<typeof campaignsContracts.dealsList>;
type Rows = Awaited<ReturnType<Ctx['call']>>;

/** The export's columns, in order: what a spreadsheet needs to follow up every deal. */
const CSV_COLUMNS: [string, (d: Deal) => unknown][] = [
  ['offerId', (d) => d.offerId],
  ['campaign', (d) => d.campaign.name],
  ['brand', (d) => d.brand.name],
  ['creatorHandle', (d) => d.creator.handle ?? ''],
  ['creatorName', (d) => d.creator.displayName ?? ''],
  ['priceAmountMinor', (d) => d.price.amount],
  ['currency', (d) => d.price.currency],
  ['status', (d) => d.status],
  ['turn', (d) => d.turn ?? ''],
  ['nextDeadlineKind', (d) => d.nextDeadline?.kind ?? ''],
  ['nextDeadlineAt', (d) => d.nextDeadline?.at ?? ''],
  ['overdue', (d) => d.overdue],
  ['belowRateCard', (d) => d.belowRateCard ?? ''],
  ['assignees', (d) => d.assignees.map((a) => a.name ?? a.userId).join('; ')],
  ['sentAt', (d) => d.sentAt],
];

const wantsCsv = (ctx: Ctx) => /\btext\/csv\b/.test(String(ctx.request.headers.accept ?? ''));

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

/**
 * Names of the agency's members, when the caller may list them (owners and admins); others see
 * the assignees' ids without names rather than no inbox at all.
 */
async function memberNames(ctx: Ctx, orgId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    let cursor: string | undefined;
    do {
      const page = await ctx.send(identityContracts.membersList, { orgId, limit: 200, ...(cursor ? { cursor } : {}) });
      for (const m of page.items) names.set(m.userId, m.name);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  } catch (err) {
    if (!(err instanceof AppError) || (err.code !== 'forbidden' && err.code !== 'not_found')) throw err;
  }
  return names;
}

/** Adds each deal's assignees from roster, one batch per page; brands get none (assignment is the agency's business). */
async function withAssignees(ctx: Ctx, principal: Principal, items: DealRow[], names: () => Promise<Map<string, string>>): Promise<Deal[]> {
  if (principal.orgKind !== 'agency' || items.length === 0) return items.map((d) => ({ ...d, assignees: [] }));
  const creatorIds = [...new Set(items.map((d) => d.creator.id))];
  const [{ items: entries }, known] = await Promise.all([ctx.send(rosterContracts.entriesGet, { creatorIds }), names()]);
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
  let namesOnce: Promise<Map<string, string>> | undefined;
  const names = () => (namesOnce ??= memberNames(ctx, principal.orgId!));

  if (!wantsCsv(ctx)) {
    const page = await ctx.call(query);
    return { ...page, items: await withAssignees(ctx, principal, page.items, names) };
  }

  // The first page is read before answering, so a refusal is still a problem document, not a broken file.
  const first: Rows = await ctx.call({ ...query, limit: 200, cursor: undefined });
  let part = 0;
  async function* rows(): AsyncGenerator<unknown[]> {
    yield CSV_COLUMNS.map(([name]) => name);
    let page: Rows | null = first;
    while (page) {
      for (const d of await withAssignees(ctx, principal, page.items, names)) yield CSV_COLUMNS.map(([, value]) => value(d));
      page = page.nextCursor ? await ctx.call({ ...query, limit: 200, cursor: page.nextCursor }, { part: ++part }) : null;
    }
  }
  const csv = Readable.from(rows()).pipe(stringify({ record_delimiter: 'windows' }));
  return new StreamableFile(csv, { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="deals.csv"' });
}

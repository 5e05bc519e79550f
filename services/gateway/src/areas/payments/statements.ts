import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { negotiationContracts, splitTotals, type Statement } from '#libs/contracts';
import type { RouteContext } from '../../routes/route.js';

type Ctx = RouteContext<typeof negotiationContracts.statement>;
type Line = Statement['items'][number];

/** The export's columns, in order: one row per payment, amounts in minor units, as an accountant books them. */
const CSV_COLUMNS: [string, (l: Line) => unknown][] = [
  ['paidAt', (l) => l.paidAt],
  ['paymentId', (l) => l.paymentId],
  ['offerId', (l) => l.offerId],
  ['campaign', (l) => l.campaignName ?? ''],
  ['brand', (l) => l.brandName ?? ''],
  ['payment', (l) => l.name],
  ['currency', (l) => l.amount.currency],
  ['grossMinor', (l) => l.amount.amount],
  ['creatorNetMinor', (l) => splitTotals(l.split).creatorNet],
  ['agencyCommissionMinor', (l) => splitTotals(l.split).agencyCommission],
  ['managerSharesMinor', (l) => splitTotals(l.split).managerShares],
  ['managerShares', (l) => l.split.filter((s) => s.party === 'manager').map((s) => `${s.userId}:${s.amount}`).join('; ')],
];

/** GET /v1/statements: negotiation's statement as JSON, or with `Accept: text/csv` its lines as a spreadsheet. */
export async function monthlyStatement(ctx: Ctx): Promise<Statement | StreamableFile> {
  const statement = await ctx.call();
  if (!/\btext\/csv\b/.test(String(ctx.request.headers.accept ?? ''))) return statement;
  const rows = [CSV_COLUMNS.map(([name]) => name), ...statement.items.map((l) => CSV_COLUMNS.map(([, value]) => value(l)))];
  const csv = Readable.from(rows).pipe(stringify({ record_delimiter: 'windows' }));
  return new StreamableFile(csv, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="statement-${statement.month}.csv"` });
}

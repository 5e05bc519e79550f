import type { StreamableFile } from '@nestjs/common';
import { majorUnits, negotiationContracts, splitTotals, type Statement } from '#libs/contracts';
import { csvFile, moneyCell, wantsCsv, type CsvColumns } from '../../routes/csv-export.js';
import type { RouteContext } from '../../routes/route.js';
import { userNames } from '../../composition/actor-names.js';

type Ctx = RouteContext<typeof negotiationContracts.statement>;
type Line = Statement['items'][number];

/** The export's columns, in order: one row per payment, amounts in major units beside their currency, as an accountant books them. */
function csvColumns(managerName: (userId: string | null) => string): CsvColumns<Line> {
  const part = (l: Line, share: keyof ReturnType<typeof splitTotals>) => moneyCell({ amount: splitTotals(l.split)[share], currency: l.amount.currency });
  return [
    ['Paid at', (l) => l.paidAt],
    ['Campaign', (l) => l.campaignName],
    ['Brand', (l) => l.brandName],
    ['Payment', (l) => l.name],
    ['Currency', (l) => l.amount.currency],
    ['Gross', (l) => moneyCell(l.amount)],
    ['Creator net', (l) => part(l, 'creatorNet')],
    ['Agency commission', (l) => part(l, 'agencyCommission')],
    ['Manager shares', (l) => part(l, 'managerShares')],
    [
      'Managers',
      (l) =>
        l.split
          .filter((s) => s.party === 'manager')
          .map((s) => `${managerName(s.userId)}: ${majorUnits({ amount: s.amount, currency: l.amount.currency })}`)
          .join('; '),
    ],
  ];
}

/** GET /v1/statements: negotiation's statement as JSON, or with `Accept: text/csv` its lines as a spreadsheet. */
export async function monthlyStatement(ctx: Ctx): Promise<Statement | StreamableFile> {
  const statement = await ctx.call();
  if (!wantsCsv(ctx.request)) return statement;
  // Every reader of the statement sees who earned each manager share by name, as the roster and
  // the deals do; if identity cannot answer, the file is still served with "Manager".
  const managerIds = statement.items.flatMap((l) => l.split.flatMap((s) => (s.party === 'manager' && s.userId ? [s.userId] : [])));
  const names = await userNames(ctx.send, managerIds);
  const pages = (async function* () {
    yield statement.items;
  })();
  return csvFile(pages, csvColumns((id) => (id && names.get(id)) || 'Manager'), `statement-${statement.month}`);
}

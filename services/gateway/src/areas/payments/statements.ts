import type { StreamableFile } from '@nestjs/common';
import { majorUnits, negotiationContracts, splitTotals, type Statement } from '#libs/contracts';
import { csvFile, moneyCell, wantsCsv, type CsvColumns } from '../../routes/csv-export.js';
import type { RouteContext } from '../../routes/route.js';
import { memberNames } from '../roster/agency-members.js';

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
  // Managers by name where the caller may list the agency's members; the creator's own statement names none.
  const orgId = ctx.request.principal?.orgId;
  const names = statement.agencyId && orgId === statement.agencyId ? await memberNames(ctx.send, orgId) : new Map<string, string>();
  const pages = (async function* () {
    yield statement.items;
  })();
  return csvFile(pages, csvColumns((id) => (id && names.get(id)) || 'Manager'), `statement-${statement.month}`);
}

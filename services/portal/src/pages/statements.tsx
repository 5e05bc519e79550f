import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import type { Statement } from '../api/types';
import { DownloadCsv } from '../components/DownloadCsv';
import { formatDate, formatMoney } from '../format';
import { isCreator } from '../permissions';
import { useMe } from '../session';
import { Empty, ErrorNotice, Field, Loading, TableWrap, UserText } from '../ui';

/** This month in UTC, as statements count months (`2026-12`). */
const thisMonth = () => new Date().toISOString().slice(0, 7);

function StatementTable({ statement }: { statement: Statement }) {
  const creatorNet = (line: Statement['items'][number]) => line.split.filter((s) => s.party === 'creator').reduce((sum, s) => sum + s.amount, 0);
  return (
    <TableWrap label="Statement">
      <table>
        <caption className="sr-only">Payments paid in the month, with the creator's net and the totals per currency</caption>
        <thead>
          <tr><th scope="col">Paid</th><th scope="col">Campaign</th><th scope="col">Brand</th><th scope="col">Payment</th><th scope="col">Gross</th><th scope="col">Creator net</th></tr>
        </thead>
        <tbody>
          {statement.items.map((line) => (
            <tr key={line.paymentId}>
              <td>{formatDate(line.paidAt)}</td>
              <td><UserText>{line.campaignName ?? '—'}</UserText></td>
              <td><UserText>{line.brandName ?? '—'}</UserText></td>
              <th scope="row"><UserText>{line.name}</UserText></th>
              <td>{formatMoney(line.amount)}</td>
              <td>{formatMoney({ amount: creatorNet(line), currency: line.amount.currency })}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {statement.totals.map((t) => (
            <tr key={t.currency}>
              <th scope="row" colSpan={4}>Total in {t.currency} (agency commission {formatMoney({ amount: t.agencyCommission, currency: t.currency })})</th>
              <td>{formatMoney({ amount: t.gross, currency: t.currency })}</td>
              <td>{formatMoney({ amount: t.creatorNet, currency: t.currency })}</td>
            </tr>
          ))}
        </tfoot>
      </table>
    </TableWrap>
  );
}

/**
 * A creator's payments paid in a month, as the creator (every payment) or an agency member (the
 * agency's, for a creator of its roster) reads them, and the same lines as a CSV download.
 */
export function StatementsPage() {
  const { me, viewer } = useMe();
  const ownStatement = isCreator(viewer);
  const [month, setMonth] = useState(thisMonth);
  const [chosen, setChosen] = useState('');
  const creatorId = ownStatement ? me.user.id : chosen;
  const roster = useQuery({ queryKey: ['roster', 'statement-creators'], queryFn: () => ok(api.GET('/v1/roster', { params: { query: { limit: 200, sort: 'name' } } })), enabled: !ownStatement });
  const query = { creatorId, month };
  const statement = useQuery({ queryKey: ['statement', query], queryFn: () => ok(api.GET('/v1/statements', { params: { query } })), enabled: Boolean(creatorId) });
  return (
    <>
      <h1>Statements</h1>
      <form className="filters" aria-label="Choose a statement" onSubmit={(e) => e.preventDefault()}>
        {!ownStatement && (
          <Field label="Creator">
            {(p) => (
              <select {...p} value={chosen} onChange={(e) => setChosen(e.target.value)}>
                <option value="">Choose a creator</option>
                {roster.data?.items.map((r) => <option key={r.creator.id} value={r.creator.id}>{r.creator.name}</option>)}
              </select>
            )}
          </Field>
        )}
        <Field label="Month">{(p) => <input {...p} type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />}</Field>
      </form>
      {!ownStatement && <ErrorNotice error={roster.error} onRetry={() => roster.refetch()} />}
      {!creatorId ? (
        <Empty>Choose a creator to read their statement.</Empty>
      ) : statement.isPending ? (
        <Loading what="Loading the statement" />
      ) : !statement.data ? (
        <ErrorNotice error={statement.error} onRetry={() => statement.refetch()} />
      ) : (
        <>
          <DownloadCsv fallback={`statement-${month}.csv`} call={() => api.GET('/v1/statements', { params: { query }, headers: { accept: 'text/csv' }, parseAs: 'blob' })} />
          {statement.data.items.length === 0 ? <Empty>Nothing was paid in this month.</Empty> : <StatementTable statement={statement.data} />}
        </>
      )}
    </>
  );
}

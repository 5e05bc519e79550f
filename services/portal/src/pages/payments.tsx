import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import type { PaymentRow, PaymentStatus } from '../api/types';
import { creatorName, formatDate, formatMoney } from '../format';
import { splitParts, totalTiles } from '../money';
import { isBrand, isCreator } from '../permissions';
import { Link, queryParam, useRouter } from '../router';
import { useMe } from '../session';
import { Empty, ErrorNotice, Loading, Pager, TableWrap, useCursorPages } from '../ui';
import { PAYMENT_STATUS_TEXT } from '../wording';

/** The filter's order: what needs attention first. */
const STATUS_FILTERS: readonly PaymentStatus[] = ['overdue', 'due', 'invoiced', 'disputed', 'scheduled', 'paid', 'void'];

const paymentsLink = (status?: PaymentStatus) => (status ? `/payments?status=${status}` : '/payments');

function PaymentRows({ items, who }: { items: PaymentRow[]; who: 'brand' | 'creator' | 'agency' }) {
  return (
    <TableWrap label="Payments">
      <table>
        <caption className="sr-only">Payments of your deals with each payment's split</caption>
        <thead>
          <tr>
            <th scope="col">Deal</th>
            <th scope="col">Payment</th>
            <th scope="col">Amount</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col">Split</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Link to={`/offers/${p.offerId}`}>{p.campaign.name ?? 'Campaign'}</Link>
                <span className="muted small">
                  {' '}
                  {who === 'brand' ? creatorName(p.creator) : who === 'creator' ? p.brand.name : `${creatorName(p.creator)} · ${p.brand.name ?? ''}`}
                </span>
              </th>
              <td>{p.name}</td>
              <td>{formatMoney(p.amount)}</td>
              <td>{p.status === 'paid' && p.paidAt ? `Paid ${formatDate(p.paidAt)}` : p.dueAt ? formatDate(p.dueAt) : 'Not yet due'}</td>
              <td><span className={`status status-${p.status}`}>{PAYMENT_STATUS_TEXT[p.status]}</span></td>
              <td>
                <ul className="split" aria-label={`Split of ${p.name}`}>
                  {splitParts(p).map((s, i) => <li key={i}>{s.who} {formatMoney({ amount: s.amount, currency: p.amount.currency })}</li>)}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/**
 * Every payment of the caller's deals (an agency's roster creators, the creator's own, the
 * brand's) with what is due, overdue and paid this month on top, filtered by status; each row
 * opens its offer.
 */
export function PaymentsPage() {
  const { viewer } = useMe();
  const { path } = useRouter();
  const wanted = queryParam(path, 'status');
  const status = STATUS_FILTERS.find((s) => s === wanted);
  const pages = useCursorPages();
  const query = { limit: 50, ...(status ? { status } : {}), ...(pages.cursor ? { cursor: pages.cursor } : {}) };
  const overview = useQuery({ queryKey: ['payments-overview', query], queryFn: () => ok(api.GET('/v1/payments', { params: { query } })) });
  const current = (active: boolean) => (active ? { 'aria-current': 'page' as const } : {});
  const who = isBrand(viewer) ? 'brand' : isCreator(viewer) ? 'creator' : 'agency';
  return (
    <>
      <h1>Payments</h1>
      {overview.data && (
        <ul className="kpis" aria-label="Totals">
          {totalTiles(overview.data.totals, overview.data.month).map((t) => (
            <li key={t.key} className="kpi">
              <span className="kpi-label">{t.label}</span>
              <span className="kpi-value">{t.value}</span>
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Payment status" className="tabs">
        <Link to={paymentsLink()} {...current(!status)}>All</Link>
        {STATUS_FILTERS.map((s) => (
          <Link key={s} to={paymentsLink(s)} {...current(status === s)}>{PAYMENT_STATUS_TEXT[s]}</Link>
        ))}
      </nav>
      {overview.isPending ? (
        <Loading what="Loading payments" />
      ) : !overview.data ? (
        <ErrorNotice error={overview.error} onRetry={() => void overview.refetch()} />
      ) : overview.data.items.length === 0 ? (
        <Empty>No payments here.</Empty>
      ) : (
        <>
          <PaymentRows items={overview.data.items} who={who} />
          <Pager label="Payment pages" pages={pages} nextCursor={overview.data.nextCursor} />
        </>
      )}
    </>
  );
}

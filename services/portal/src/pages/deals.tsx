import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { TABS, type Deal, type DealsQuery, type Tab } from '../api/types';
import { creatorName, formatDate, formatMoney, formatTimeLeft, statusLabel } from '../format';
import { isBrand } from '../permissions';
import { Link, queryParam, useRouter } from '../router';
import { useMe } from '../session';
import { Empty, ErrorNotice, Loading, Pager, TableWrap, useCursorPages } from '../ui';
import { DownloadCsv } from '../components/DownloadCsv';

/** The inbox's views: whose move it is, or what ran late; each is a filter on GET /v1/deals. */
export const DEAL_VIEWS = [
  { id: 'needs-you', text: 'Needs you', query: { needs: 'me' } },
  { id: 'waiting-on-them', text: 'Waiting on them', query: { needs: 'counterparty' } },
  { id: 'waiting-on-creator', text: 'Waiting on the creator', query: { needs: 'creator' } },
  { id: 'overdue', text: 'Overdue', query: { overdue: true } },
] as const satisfies readonly { id: string; text: string; query: Partial<DealsQuery> }[];

/** `/deals` with these filters, dropping empty ones: the card's tabs link here the same way. */
export function dealsLink(filters: { view?: string; tab?: Tab; creatorId?: string }): string {
  const qs = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
  return qs.size ? `/deals?${qs}` : '/deals';
}

const TAB_TEXT: Record<Tab, string> = { pending: 'Pending', active: 'Active', completed: 'Completed', inactive: 'Inactive' };

function DealRows({ items, brandSide }: { items: Deal[]; brandSide: boolean }) {
  const now = new Date();
  return (
    <TableWrap label="Deals">
      <table>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">{brandSide ? 'Creator' : 'Creator and brand'}</th>
            <th scope="col">Price</th>
            <th scope="col">Status</th>
            <th scope="col">Next deadline</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.offerId}>
              <th scope="row"><Link to={`/offers/${d.offerId}`}>{d.campaign.name}</Link></th>
              <td>
                {creatorName(d.creator)}
                {d.creator.handle && d.creator.displayName ? <span className="muted small"> @{d.creator.handle}</span> : null}
                {!brandSide && <> · {d.brand.name}</>}
              </td>
              <td>{formatMoney(d.price)}{d.belowRateCard ? <span className="badge warn">below rate card</span> : null}</td>
              <td><span className={`status status-${d.status}`}>{statusLabel(d.status)}</span></td>
              <td>
                {d.nextDeadline ? (
                  <>
                    {d.nextDeadline.kind === 'respond_by' ? 'Answer by' : 'Due'} {formatDate(d.nextDeadline.at)}{' '}
                    <span className={d.overdue ? 'badge warn' : 'muted small'}>{formatTimeLeft(d.nextDeadline.at, now)}</span>
                  </>
                ) : d.overdue ? <span className="badge warn">overdue</span> : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/**
 * Every deal of the agency's roster (or of the brand) in one list: the views say whose move it
 * is, the tabs where the offer stands, each with its count.
 */
export function DealsPage() {
  const { viewer } = useMe();
  const { path } = useRouter();
  const view = DEAL_VIEWS.find((v) => v.id === queryParam(path, 'view'));
  const tab = (TABS as string[]).includes(queryParam(path, 'tab') ?? '') ? (queryParam(path, 'tab') as Tab) : undefined;
  const creatorId = queryParam(path, 'creatorId') ?? undefined;
  const pages = useCursorPages();
  const query: DealsQuery = { limit: 50, ...(view?.query ?? {}), ...(tab ? { tab } : {}), ...(creatorId ? { creatorId } : {}), ...(pages.cursor ? { cursor: pages.cursor } : {}) };
  const deals = useQuery({ queryKey: ['deals', query], queryFn: () => ok(api.GET('/v1/deals', { params: { query } })) });
  const counts = deals.data?.counts;
  const viewCount = (id: (typeof DEAL_VIEWS)[number]['id']) => (id === 'needs-you' ? counts?.needsMe : id === 'overdue' ? counts?.overdue : undefined);
  const link = (filters: { view?: string; tab?: Tab }) => dealsLink({ ...filters, creatorId });
  const current = (active: boolean) => (active ? { 'aria-current': 'page' as const } : {});
  return (
    <>
      <h1>Deals</h1>
      {creatorId && (
        <p className="muted">
          One creator's deals{deals.data?.items[0] ? `: ${creatorName(deals.data.items[0].creator)}` : ''}. <Link to={dealsLink({ view: view?.id, tab })}>Show every creator</Link>
        </p>
      )}
      <nav aria-label="Deal views" className="tabs">
        <Link to={link({ tab })} {...current(!view)}>All</Link>
        {DEAL_VIEWS.map((v) => (
          <Link key={v.id} to={link({ view: v.id, tab })} {...current(view?.id === v.id)}>
            {v.text}
            {viewCount(v.id) !== undefined && <span className="count">{viewCount(v.id)}</span>}
          </Link>
        ))}
      </nav>
      <nav aria-label="Deal stages" className="tabs">
        <Link to={link({ view: view?.id })} {...current(!tab)}>Every stage</Link>
        {TABS.map((t) => (
          <Link key={t} to={link({ view: view?.id, tab: t })} {...current(tab === t)}>
            {TAB_TEXT[t]}
            {counts && <span className="count">{counts[t]}</span>}
          </Link>
        ))}
      </nav>
      <DownloadCsv fallback="deals.csv" call={() => api.GET('/v1/deals', { params: { query: { ...query, cursor: undefined, limit: 200 } }, headers: { accept: 'text/csv' }, parseAs: 'blob' })} />
      {deals.isPending ? (
        <Loading what="Loading deals" />
      ) : !deals.data ? (
        <ErrorNotice error={deals.error} onRetry={() => deals.refetch()} />
      ) : deals.data.items.length === 0 ? (
        <Empty>No deals here.</Empty>
      ) : (
        <>
          <DealRows items={deals.data.items} brandSide={isBrand(viewer)} />
          <Pager label="Deal pages" pages={pages} nextCursor={deals.data.nextCursor} />
        </>
      )}
    </>
  );
}

import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ApiError, ok } from '../api/client';
import { CREATOR_CATEGORIES, type DiscoveryQuery, type DiscoverySort } from '../api/types';
import { EMPTY_FILTERS, filtersFrom, topCountriesText, type DiscoveryFilters, type DiscoveryForm } from '../discovery';
import { formatCount, formatRate, label } from '../format';
import { canActForOrg } from '../permissions';
import { SignalLines } from '../components/SignalFlags';
import { Link } from '../router';
import { useMe } from '../session';
import { Empty, ErrorNotice, Field, Loading, Pager, TableWrap, useCursorPages, UserText } from '../ui';

const PAGE = 25;

/** Marketplace discovery for brands: filters, results sorted by followers or engagement, a way to the card and to an offer. */
export function DiscoverPage() {
  const { viewer } = useMe();
  const [form, setForm] = useState<DiscoveryForm>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<DiscoveryFilters>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [sort, setSort] = useState<DiscoverySort>('followers');
  const pages = useCursorPages();
  const [campaignId, setCampaignId] = useState('');
  const query: DiscoveryQuery = { ...applied, sort, limit: PAGE, cursor: pages.cursor };
  const results = useQuery({ queryKey: ['discover', query], queryFn: () => ok(api.GET('/v1/creators', { params: { query } })), placeholderData: keepPreviousData });
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => ok(api.GET('/v1/campaigns', { params: { query: { limit: 100 } } })), enabled: canActForOrg(viewer) });
  // Only a running campaign takes new offers: paused and closed ones are not offered here.
  const open = campaigns.data?.items.filter((c) => c.status === 'active') ?? [];
  const chosen = campaignId || open[0]?.id || '';
  const serverErrors = results.error instanceof ApiError && results.error.status === 400 ? results.error.fieldErrors() : {};
  const errors = { ...serverErrors, ...localErrors };
  const set = (k: keyof DiscoveryForm) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const search = () => {
    const { filters, errors: found } = filtersFrom(form);
    setLocalErrors(found);
    if (Object.keys(found).length) return;
    setApplied(filters);
    pages.reset();
  };
  const header = (key: DiscoverySort, text: string) => (
    <th scope="col" aria-sort={sort === key ? 'descending' : 'none'}>
      <button type="button" className="link" onClick={() => { setSort(key); pages.reset(); }}>
        {text}
      </button>
    </th>
  );
  const rows = results.data?.items ?? [];
  return (
    <>
      <h1>Discover creators</h1>
      <form className="filter-grid" role="search" aria-label="Filter creators" noValidate onSubmit={(e) => { e.preventDefault(); search(); }}>
        <Field label="Category" error={errors.category}>
          {(p) => (
            <select {...p} name="category" value={form.category} onChange={set('category')}>
              <option value="">Any</option>
              {CREATOR_CATEGORIES.map((c) => <option key={c} value={c}>{label(c)}</option>)}
            </select>
          )}
        </Field>
        <Field label="Audience country" error={errors.country} hint="Two letters, e.g. US">{(p) => <input {...p} name="country" size={6} autoComplete="off" value={form.country} onChange={set('country')} />}</Field>
        <Field label="Min. share there (%)" error={errors.minCountryShare}>{(p) => <input {...p} name="minCountryShare" inputMode="decimal" size={8} value={form.minCountryShare} onChange={set('minCountryShare')} />}</Field>
        <Field label="Min. followers" error={errors.minFollowers} hint="e.g. 25k">{(p) => <input {...p} name="minFollowers" inputMode="numeric" size={10} value={form.minFollowers} onChange={set('minFollowers')} />}</Field>
        <Field label="Min. engagement (%)" error={errors.minEngagementRate}>{(p) => <input {...p} name="minEngagementRate" inputMode="decimal" size={8} value={form.minEngagementRate} onChange={set('minEngagementRate')} />}</Field>
        <div className="actions">
          <button type="submit" className="primary">Search</button>
        </div>
      </form>
      {canActForOrg(viewer) && open.length > 0 && (
        <div className="narrow">
          <Field label="Send offers from campaign">
            {(p) => (
              <select {...p} value={chosen} onChange={(e) => setCampaignId(e.target.value)}>
                {open.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            )}
          </Field>
        </div>
      )}
      {results.isPending ? (
        <Loading what="Finding creators" />
      ) : !results.data ? (
        Object.keys(serverErrors).length ? null : <ErrorNotice error={results.error} onRetry={() => results.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{Object.keys(applied).length ? 'No creator matches these filters.' : 'No creator is listed in the marketplace yet.'}</Empty>
      ) : (
        <>
          <TableWrap label="Creators found">
            <table className="discover">
              <caption className="sr-only">Creators in the marketplace, sorted by {sort === 'followers' ? 'followers' : 'engagement rate'}</caption>
              <thead>
                <tr>
                  <th scope="col">Creator</th>
                  <th scope="col">Categories</th>
                  {header('followers', 'Followers')}
                  {header('engagementRate', 'Engagement')}
                  <th scope="col">Median views</th>
                  <th scope="col">Top audience countries</th>
                  {applied.country && <th scope="col">Share in {applied.country}</th>}
                  {canActForOrg(viewer) && <th scope="col"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.creatorId}>
                    <th scope="row">
                      <Link to={`/creators/${r.creatorId}`}><UserText>{r.displayName}</UserText></Link> <span className="muted small"><UserText prefix="@">{r.handle}</UserText></span>
                      <SignalLines signals={r.signals} />
                    </th>
                    <td>{r.categories.map(label).join(', ') || '—'}</td>
                    <td>{formatCount(r.followers)}</td>
                    <td>{formatRate(r.engagementRate)}</td>
                    <td>{formatCount(r.medianViews)}</td>
                    <td>{topCountriesText(r.topCountries)}</td>
                    {applied.country && <td>{formatRate(r.countryShare, 0)}</td>}
                    {canActForOrg(viewer) && (
                      <td>
                        {chosen ? (
                          <Link to={`/campaigns/${chosen}?creator=${r.creatorId}`}>
                            Send offer<span className="sr-only"> to <UserText>{r.displayName}</UserText></span>
                          </Link>
                        ) : (
                          <Link to="/campaigns">Create a campaign</Link>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pager label="Result pages" pages={pages} nextCursor={results.data.nextCursor} />
        </>
      )}
    </>
  );
}

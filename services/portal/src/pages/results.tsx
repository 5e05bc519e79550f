import { lazy, Suspense, useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, ok } from '../api/client';
import type { CampaignResults, SharedReport, ShareLink } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DownloadCsv } from '../components/DownloadCsv';
import { resultsProvenance, resultTiles, viewsByCreator, viewsOverTimeByCreator } from '../campaign-results';
import { creatorName, formatCount, formatDate, formatDateTime, formatMoney, formatRate, statusLabel } from '../format';
import { fieldErrorsOf, useAction } from '../hooks';
import { canActForOrg } from '../permissions';
import { Link } from '../router';
import { useMe } from '../session';
import { Empty, ErrorNotice, Field, Loading, Section, TableWrap, UserText } from '../ui';
import { SHARE_LINK_STATUS_TEXT, VIDEO_VERIFICATION_TEXT } from '../wording';

// The chart library loads after the figures: it is the biggest part of the portal.
const ShareChart = lazy(() => import('../components/Charts'));
const LinesChart = lazy(() => import('../components/Charts').then((m) => ({ default: m.LinesChart })));

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The figures, the chart and a row per deal: the same on the brand's page and on a shared one. */
function Report({ r }: { r: SharedReport | CampaignResults }) {
  const chart = viewsByCreator(r);
  const overTime = viewsOverTimeByCreator(r);
  return (
    <>
      <ul className="kpis" aria-label="Campaign totals">
        {resultTiles(r).map((t) => (
          <li key={t.key} className="kpi">
            <span className="kpi-label">{t.label}</span>
            <span className="kpi-value">{t.value}</span>
            <span className="kpi-bench">{t.hint}</span>
          </li>
        ))}
      </ul>
      <p className="muted small">{resultsProvenance(r)}</p>
      <Section title="Creators">
        {r.creators.length === 0 ? (
          <Empty>No accepted deals yet: figures appear once a creator accepts an offer.</Empty>
        ) : (
          <>
            <TableWrap label="Results per creator">
              <table>
                <caption className="sr-only">Price, views, engagement, CPM and CPE of each accepted deal</caption>
                <thead>
                  <tr><th scope="col">Creator</th><th scope="col">Status</th><th scope="col">Price</th><th scope="col">Views</th><th scope="col">Engagement rate</th><th scope="col">CPM</th><th scope="col">CPE</th><th scope="col">Videos</th></tr>
                </thead>
                <tbody>
                  {r.creators.map((c, i) => (
                    <tr key={i}>
                      <th scope="row"><UserText>{creatorName(c)}</UserText></th>
                      <td><span className={`status status-${c.status}`}>{statusLabel(c.status)}</span></td>
                      <td>{formatMoney(c.price)}</td>
                      <td>{c.views === null ? '—' : formatCount(c.views)}</td>
                      <td>{formatRate(c.engagementRate)}</td>
                      <td>{formatMoney(c.cpm)}</td>
                      <td>{formatMoney(c.cpe)}</td>
                      <td>{c.videos.length ? c.videos.map((v, j) => <span key={j} className="block small">{VIDEO_VERIFICATION_TEXT[v.verification]}{v.postedAt ? `, posted ${formatDate(v.postedAt)}` : ''}</span>) : <span className="muted small">none approved yet</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Suspense fallback={<Loading what="Loading the chart" />}>
              {overTime.rows.length > 0 && (
                <LinesChart title="Views over time by creator (verified videos)" summary="each day's figure is the latest observation up to that day" names={overTime.names} rows={overTime.rows} dayLabel={(day) => formatDate(`${day}T00:00:00Z`)} />
              )}
              <ShareChart title="Views by creator (verified videos)" data={chart} percent={false} />
            </Suspense>
          </>
        )}
      </Section>
    </>
  );
}

function ShareLinks({ campaignId }: { campaignId: string }) {
  const { viewer } = useMe();
  const links = useQuery({ queryKey: ['share-links', campaignId], queryFn: () => ok(api.GET('/v1/campaigns/{id}/share-links', { params: { path: { id: campaignId } } })) });
  const [expires, setExpires] = useState(inDays(14));
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<ShareLink | null>(null);
  const create = useAction(
    () => ok(api.POST('/v1/campaigns/{id}/share-links', { params: { path: { id: campaignId } }, body: { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } })),
    (link) => { setCreated(link.url); setCopied(false); },
  );
  const revoke = useAction(
    (link: ShareLink) => ok(api.DELETE('/v1/campaigns/{id}/share-links/{linkId}', { params: { path: { id: campaignId, linkId: link.id } } })),
    () => setRevoking(null),
  );
  const errors = fieldErrorsOf(create.error);
  const mayShare = canActForOrg(viewer);
  return (
    <Section title="Share links">
      <p className="muted small">Anyone with a link reads these results without signing in, until it expires or you revoke it. It shows names, never ids.</p>
      {mayShare && (
        <form aria-label="New share link" className="inline-form" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <Field label="Expires on" error={errors.expiresAt}>{(p) => <input {...p} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />}</Field>
          <button type="submit" className="primary" disabled={create.isPending}>Create share link</button>
          {!Object.keys(errors).length && <ErrorNotice error={create.error} />}
        </form>
      )}
      {created && (
        <p className="notice" role="status">
          New link (shown only now): <input aria-label="Link to share" readOnly value={created} size={48} onFocus={(e) => e.target.select()} />{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created).then(() => setCopied(true))}>{copied ? 'Copied' : 'Copy link'}</button>
        </p>
      )}
      {links.isPending ? <Loading what="Loading share links" /> : !links.data ? <ErrorNotice error={links.error} /> : links.data.items.length === 0 ? <Empty>No share links yet.</Empty> : (
        <TableWrap label="Share links">
          <table>
            <thead><tr><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Status</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {links.data.items.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{formatDateTime(l.createdAt)}</th>
                  <td>{formatDateTime(l.expiresAt)}</td>
                  <td>{SHARE_LINK_STATUS_TEXT[l.status]}{l.revokedAt ? `, ${formatDate(l.revokedAt)}` : ''}</td>
                  <td>{mayShare && l.status === 'active' && <button type="button" className="danger" onClick={() => { revoke.reset(); setRevoking(l); }}>Revoke…</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <ConfirmDialog open={!!revoking} title="Revoke this share link?" confirm="Revoke link" cancel="Keep it" pending={revoke.isPending} error={revoke.error} onConfirm={() => revoking && revoke.mutate(revoking)} onClose={() => setRevoking(null)}>
        <p>Whoever has the link can no longer open these results, at once. Create a new link to share them again.</p>
      </ConfirmDialog>
    </Section>
  );
}

/** A brand's campaign results (from the campaign page), with its share links. */
export function CampaignResultsPage({ campaignId }: { campaignId: string }) {
  const results = useQuery({
    queryKey: ['campaign-results', campaignId],
    queryFn: () => ok(api.GET('/v1/campaigns/{id}/performance', { params: { path: { id: campaignId } } })),
    refetchInterval: 60_000,
  });
  if (results.isPending) return <Loading what="Loading the results" />;
  if (!results.data) return <ErrorNotice error={results.error} onRetry={() => void results.refetch()} />;
  const r = results.data;
  return (
    <>
      <p className="small"><Link to={`/campaigns/${campaignId}`}>Back to <UserText>{r.name}</UserText></Link></p>
      <h1>Results: <UserText>{r.name}</UserText></h1>
      <p className="muted">{formatDate(r.startsAt)} – {formatDate(r.endsAt)}</p>
      <DownloadCsv fallback="campaign-performance.csv" call={() => api.GET('/v1/campaigns/{id}/performance', { params: { path: { id: campaignId } }, headers: { accept: 'text/csv' }, parseAs: 'blob' })} />
      <Report r={r} />
      <ShareLinks campaignId={campaignId} />
    </>
  );
}

/** `/shared/{token}`: the report behind a share link, for anyone holding it; kept out of search engines. */
export function SharedReportPage({ token }: { token: string }) {
  useEffect(() => {
    const meta = document.createElement('meta');
    meta.name = 'robots';
    meta.content = 'noindex';
    document.head.appendChild(meta);
    return () => meta.remove();
  }, []);
  const report = useQuery({ queryKey: ['shared', token], queryFn: () => ok(api.GET('/v1/shared/{token}', { params: { path: { token } } })), retry: false });
  if (report.isPending) return <Loading what="Loading the report" />;
  if (!report.data) {
    const gone = report.error instanceof ApiError && (report.error.status === 404 || report.error.status === 400);
    return gone ? <p role="alert">This link has expired or was revoked. Ask the brand for a new one.</p> : <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />;
  }
  const r = report.data;
  return (
    <>
      <h1>Campaign results: <UserText>{r.name}</UserText></h1>
      <p className="muted">Shared by <UserText>{r.brandName}</UserText> · {formatDate(r.startsAt)} – {formatDate(r.endsAt)} · read-only</p>
      <Report r={r} />
    </>
  );
}

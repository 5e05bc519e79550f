import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, notShared, ok } from '../api/client';
import { TABS, type Card, type Tab } from '../api/types';
import { KpiTiles, provenanceText } from '../components/KpiTile';
import { RatesEditor } from '../components/RatesEditor';
import { SignalNotice } from '../components/SignalFlags';
import { EndAgencyAccess } from '../components/RevokeAccess';
import { formatCount, formatDateTime, label, shareBars } from '../format';
import { followerPoints, followerSummary, videoPoints, viewsSummary } from '../series';
import { canActForOrg, canAdminOrg, isAgency, isBrand } from '../permissions';
import { Link } from '../router';
import { useAgencyScopes } from '../hooks';
import { useMe } from '../session';
import { Empty, ErrorNotice, Loading, Section, Tabs, Unavailable, UserText } from '../ui';
import { OfferList } from './creator';
import { dealsLink } from './deals';
import { deviceText } from '../wording';

// Charts load after the card's numbers: their library is the biggest part of the portal.
const ShareChart = lazy(() => import('../components/Charts'));
const TimeChart = lazy(() => import('../components/Charts').then((m) => ({ default: m.TimeChart })));

/** How far back the follower chart looks. */
const SERIES_DAYS = 90;

type Section = Card['degraded'][number];

const Degraded = ({ what }: { what: string }) => <Unavailable what={what} rest="card" />;

/**
 * Follower growth and views per video, from their own route: the card's numbers do not wait
 * for the points, and a failure here leaves the rest of the card as it is.
 */
function GrowthSection({ creatorId }: { creatorId: string }) {
  const series = useQuery({
    queryKey: ['series', creatorId, SERIES_DAYS],
    queryFn: () => ok(api.GET('/v1/creators/{creatorId}/metrics/series', { params: { path: { creatorId }, query: { days: SERIES_DAYS } } })),
    refetchInterval: 60_000,
  });
  // Not shared with this caller (a brand, an agency without metrics:read): the card says so in Performance already.
  if (notShared(series.error)) return null;
  const s = series.data;
  return (
    <Section title="Growth">
      {series.isPending ? (
        <Loading what="Loading growth charts" />
      ) : !s ? (
        <Unavailable what="Growth data" rest="card" onRetry={() => void series.refetch()} />
      ) : !s.followers.length && !s.videos.length ? (
        <Empty>No follower or video data yet.</Empty>
      ) : (
        <>
          <div className="charts">
            <Suspense fallback={<Loading what="Loading charts" />}>
              {s.followers.length ? (
                <TimeChart title={`Followers, last ${SERIES_DAYS} days`} summary={followerSummary(s)} data={followerPoints(s)} kind="line" column="Followers" />
              ) : (
                <Empty>No follower snapshots in the last {SERIES_DAYS} days.</Empty>
              )}
              {s.videos.length ? <TimeChart title="Views per video, by posting date" summary={viewsSummary(s)} data={videoPoints(s)} kind="bar" column="Views" /> : <Empty>No videos yet.</Empty>}
            </Suspense>
          </div>
          <p className="muted small">As of {formatDateTime(s.asOf)}; each video counts its latest observation.</p>
        </>
      )}
    </Section>
  );
}

/** A brand's way from a creator to an offer: each of its campaigns, with the creator filled in. */
export function SendOfferLinks({ creatorId }: { creatorId: string }) {
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => ok(api.GET('/v1/campaigns', { params: { query: { limit: 100 } } })) });
  return (
    <Section title="Send an offer">
      {campaigns.isPending ? (
        <Loading what="Loading your campaigns" />
      ) : !campaigns.data ? (
        <ErrorNotice error={campaigns.error} onRetry={() => campaigns.refetch()} />
      ) : !campaigns.data.items.some((k) => k.status === 'active') ? (
        <Empty>
          {campaigns.data.items.length ? 'None of your campaigns takes new offers now (paused or closed)' : 'Create a campaign first'}: <Link to="/campaigns">Campaigns</Link>.
        </Empty>
      ) : (
        <ul className="offers">
          {campaigns.data.items.filter((k) => k.status === 'active').map((k) => (
            <li key={k.id}>
              <Link to={`/campaigns/${k.id}?creator=${creatorId}`}>Send an offer from <UserText>{k.name}</UserText></Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function CreatorPage({ creatorId }: { creatorId: string }) {
  const { viewer } = useMe();
  const [tab, setTab] = useState<Tab>('pending');
  const scopes = useAgencyScopes(creatorId, isAgency(viewer));
  const card = useQuery({ queryKey: ['card', creatorId], queryFn: () => ok(api.GET('/v1/creators/{creatorId}/card', { params: { path: { creatorId } } })), refetchInterval: 15_000 });
  if (card.isPending) return <Loading what="Loading the creator card" />;
  if (!card.data) return <ErrorNotice error={card.error} onRetry={() => card.refetch()} />;
  const c = card.data;
  const down = (s: Section) => c.degraded.includes(s);
  return (
    <>
      <header className="creator-head">
        <h1>{c.profile?.name ?? 'Creator'}</h1>
        {c.profile && (
          <p className="muted">
            <UserText prefix="@">{c.profile.handle}</UserText> · {c.profile.categories.map(label).join(', ') || 'no categories'} · {c.profile.available ? 'available' : 'on vacation'}
          </p>
        )}
        {down('profile') && <Degraded what="The profile" />}
        {c.profile?.bio && <p><UserText>{c.profile.bio}</UserText></p>}
      </header>
      <Section title="Performance">
        {/* Metrics answers every reader it allows, even without data; null means it did not allow this one. */}
        {down('metrics') ? <Degraded what="Performance data" /> : c.metrics ? <KpiTiles metrics={c.metrics} /> : <Empty>Performance data is not shared with you.</Empty>}
        {c.metrics && (
          <>
            <SignalNotice signals={c.metrics.signals} />
            <p className="muted small">
              {formatCount(c.metrics.views)} views over {c.metrics.videos} videos · {formatCount(c.metrics.engagements.likes)} likes, {formatCount(c.metrics.engagements.comments)} comments, {formatCount(c.metrics.engagements.shares)} shares
            </p>
            <p className="muted small">{provenanceText(c.metrics)}</p>
          </>
        )}
      </Section>
      <GrowthSection creatorId={creatorId} />
      <Section title="Audience">
        {down('audience') ? (
          <Degraded what="Audience data" />
        ) : c.audience && (c.audience.ages || c.audience.countries || c.audience.genders || c.audience.devices) ? (
          <>
            <div className="charts">
              <Suspense fallback={<Loading what="Loading charts" />}>
                {c.audience.ages && <ShareChart title="Audience by age" data={shareBars(c.audience.ages, 'band')} />}
                {c.audience.genders && <ShareChart title="Audience by gender" data={shareBars(c.audience.genders)} />}
                {c.audience.countries && <ShareChart title="Top countries" data={shareBars(c.audience.countries)} />}
                {c.audience.devices && <ShareChart title="Audience by device" data={shareBars(c.audience.devices).map((d) => ({ ...d, name: deviceText(d.name) }))} />}
              </Suspense>
            </div>
            <p className="muted small">Shares of the audience in the latest snapshot, as of {formatDateTime(c.audience.asOf)}.</p>
          </>
        ) : (
          <Empty>{c.audience ? 'No audience data yet.' : 'Audience data is not shared with you.'}</Empty>
        )}
      </Section>
      <Section title="Rates">
        {down('rates') ? <Degraded what="The rate card" /> : <RatesEditor creatorId={creatorId} editable={isAgency(viewer) && canActForOrg(viewer) && !!scopes?.includes('rates:write')} />}
      </Section>
      {isBrand(viewer) ? (
        canActForOrg(viewer) && <SendOfferLinks creatorId={creatorId} />
      ) : (
        <Section title="Campaigns">
          {down('campaigns') && <Degraded what="Campaign counts" />}
          <Tabs label="Campaigns" tabs={TABS} current={tab} onChange={setTab} counts={c.campaigns ?? undefined} />
          <OfferList creatorId={creatorId} tab={tab} />
          {isAgency(viewer) && <p><Link to={dealsLink({ creatorId, tab })}>Open this creator's {tab} deals in the deals inbox</Link></p>}
        </Section>
      )}
      {isAgency(viewer) && canAdminOrg(viewer) && <EndAgencyAccess creatorId={creatorId} creatorName={c.profile?.name ?? 'this creator'} />}
    </>
  );
}

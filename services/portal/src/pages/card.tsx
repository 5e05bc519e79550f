import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { TABS, type Card, type Tab } from '../api/types';
import { KpiTiles } from '../components/KpiTile';
import { RatesEditor } from '../components/RatesEditor';
import { formatCount, label } from '../format';
import { canActForOrg, isAgency } from '../permissions';
import { useAgencyScopes } from '../hooks';
import { useMe } from '../session';
import { Empty, ErrorNotice, Loading, Section, Tabs } from '../ui';
import { OfferList } from './creator';

// Charts load after the card's numbers: their library is the biggest part of the portal.
const ShareChart = lazy(() => import('../components/Charts'));

type Section = Card['degraded'][number];

function Degraded({ what }: { what: string }) {
  return (
    <p className="notice warn" role="status">
      {what} is unavailable right now; the rest of the card is current. It will show again when the service answers.
    </p>
  );
}

const shares = (map: Record<string, unknown> | null | undefined, top = 8) =>
  Object.entries(map ?? {})
    .map(([name, value]) => ({ name, value: Number(value) }))
    .sort((a, b) => b.value - a.value)
    .slice(0, top);

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
            @{c.profile.handle} · {c.profile.categories.map(label).join(', ') || 'no categories'} · {c.profile.available ? 'available' : 'on vacation'}
          </p>
        )}
        {down('profile') && <Degraded what="The profile" />}
        {c.profile?.bio && <p>{c.profile.bio}</p>}
      </header>
      <Section title="Performance">
        {down('metrics') ? <Degraded what="Performance data" /> : c.metrics ? <KpiTiles metrics={c.metrics} /> : <Empty>No performance data yet.</Empty>}
        {c.metrics && (
          <p className="muted small">
            {formatCount(c.metrics.views)} views over {c.metrics.videos} videos · {formatCount(c.metrics.engagements.likes)} likes, {formatCount(c.metrics.engagements.comments)} comments, {formatCount(c.metrics.engagements.shares)} shares
          </p>
        )}
      </Section>
      <Section title="Audience">
        {down('audience') ? (
          <Degraded what="Audience data" />
        ) : c.audience && (c.audience.ages || c.audience.countries || c.audience.genders) ? (
          <div className="charts">
            <Suspense fallback={<Loading what="Loading charts" />}>
              {c.audience.ages && <ShareChart title="Audience by age" data={shares(c.audience.ages)} />}
              {c.audience.genders && <ShareChart title="Audience by gender" data={shares(c.audience.genders)} />}
              {c.audience.countries && <ShareChart title="Top countries" data={shares(c.audience.countries)} />}
            </Suspense>
          </div>
        ) : (
          <Empty>No audience data yet.</Empty>
        )}
      </Section>
      <Section title="Rates">
        {down('rates') ? <Degraded what="The rate card" /> : <RatesEditor creatorId={creatorId} editable={canActForOrg(viewer) && (scopes === null || scopes.includes('rates:write'))} />}
      </Section>
      <Section title="Campaigns">
        {down('campaigns') && <Degraded what="Campaign counts" />}
        <Tabs label="Campaigns" tabs={TABS} current={tab} onChange={setTab} counts={c.campaigns ?? undefined} />
        <OfferList creatorId={creatorId} tab={tab} />
      </Section>
    </>
  );
}

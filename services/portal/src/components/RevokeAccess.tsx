import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { formatMoney, statusLabel } from '../format';
import { useAction } from '../hooks';
import { consequenceOf, LIVE_TABS, liveDealsSummary, type LiveDeal, type RevokingSide } from '../revocation';
import { Link, useRouter } from '../router';
import { useMe } from '../session';
import { ErrorNotice, Loading, Section, UserText } from '../ui';
import { ConfirmDialog } from './ConfirmDialog';

/** The most deals listed per stage; more are counted, not listed. */
const LIST_LIMIT = 200;

/** The creator's own live offers: their pending and active tabs. */
async function creatorLiveDeals(creatorId: string): Promise<{ deals: LiveDeal[]; more: boolean }> {
  const pages = await Promise.all(LIVE_TABS.map((tab) => ok(api.GET('/v1/creators/{creatorId}/campaigns', { params: { path: { creatorId }, query: { tab, limit: LIST_LIMIT } } }))));
  return {
    deals: pages.flatMap((p) => p.items.map((o) => ({ offerId: o.offerId, campaignName: o.campaignName, brandName: o.brand.name, status: o.status, price: o.price }))),
    more: pages.some((p) => !!p.nextCursor),
  };
}

/** The live deals the agency sees for one creator, from the deals inbox filtered to them. */
async function agencyLiveDeals(creatorId: string): Promise<{ deals: LiveDeal[]; more: boolean }> {
  const pages = await Promise.all(LIVE_TABS.map((tab) => ok(api.GET('/v1/deals', { params: { query: { creatorId, tab, limit: LIST_LIMIT } } }))));
  return {
    deals: pages.flatMap((p) => p.items.map((d) => ({ offerId: d.offerId, campaignName: d.campaign.name, brandName: d.brand.name, status: d.status, price: d.price }))),
    more: pages.some((p) => !!p.nextCursor),
  };
}

function LiveDeals({ side, creatorId, agencyName, visible }: { side: RevokingSide; creatorId: string; agencyName: string; visible: boolean }) {
  const live = useQuery({
    queryKey: ['live-deals', side, creatorId],
    queryFn: () => (side === 'creator' ? creatorLiveDeals(creatorId) : agencyLiveDeals(creatorId)),
    enabled: visible,
    staleTime: 0,
  });
  if (live.isPending) return <Loading what="Looking for live deals" />;
  if (!live.data) return <ErrorNotice error={live.error} onRetry={() => live.refetch()} />;
  const { deals, more } = live.data;
  return (
    <>
      <p>{liveDealsSummary(deals.length, side, agencyName)}</p>
      {deals.length > 0 && (
        <ul className="live-deals" aria-label="Live deals">
          {deals.map((d) => (
            <li key={d.offerId}>
              <Link to={`/offers/${d.offerId}`}>
                <UserText>{d.campaignName}</UserText>
              </Link>{' '}
              · <UserText>{d.brandName}</UserText> · {formatMoney(d.price)} <span className={`status status-${d.status}`}>{statusLabel(d.status)}</span>
              <br />
              <span className="muted small">{consequenceOf(d.status, side, agencyName)}</span>
            </li>
          ))}
        </ul>
      )}
      {more && <p className="muted small">More live deals than these are not listed here; the same holds for each of them.</p>}
    </>
  );
}

/**
 * "Revoke access" that first says what it ends: the agency's access, the creator off its
 * roster, and each live deal and what becomes of it. Only the dialog's own button revokes.
 */
export function RevokeAccess({
  side,
  creatorId,
  agencyName,
  creatorName,
  revoke,
  button = 'Revoke access',
  onDone,
}: {
  side: RevokingSide;
  creatorId: string;
  agencyName: string;
  creatorName: string;
  revoke: () => Promise<unknown>;
  button?: string;
  onDone?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const act = useAction(revoke, () => {
    setOpen(false);
    onDone?.();
  });
  const title = side === 'creator' ? `Revoke ${agencyName}'s access?` : `End your agency's access to ${creatorName}?`;
  return (
    <>
      <button type="button" className="danger" onClick={() => { act.reset(); setOpen(true); }}>
        {button}…
      </button>
      <ConfirmDialog open={open} title={title} confirm={button} cancel="Keep access" pending={act.isPending} error={act.error} onConfirm={() => act.mutate()} onClose={() => setOpen(false)}>
        <p>
          {side === 'creator' ? (
            <>
              <UserText>{agencyName}</UserText> stops acting for you at once: you leave its roster, and it can no longer read your figures, edit your rates or negotiate for you. If you grant it access again later, the same managers are assigned to you.
            </>
          ) : (
            <>
              <UserText>{creatorName}</UserText> leaves your roster at once, and your agency can no longer read their figures, edit their rates or negotiate for them. Only the creator can grant access again.
            </>
          )}
        </p>
        <LiveDeals side={side} creatorId={creatorId} agencyName={agencyName} visible={open} />
      </ConfirmDialog>
    </>
  );
}

/** On a creator's card, for the agency's owner and admins: end the agency's own grant (DELETE /v1/roster/{creatorId}). */
export function EndAgencyAccess({ creatorId, creatorName }: { creatorId: string; creatorName: string }) {
  const { me } = useMe();
  const { navigate } = useRouter();
  return (
    <Section title="Access">
      <p className="muted small">Your agency acts for this creator through the access they granted. Ending it takes them off your roster.</p>
      <RevokeAccess
        side="agency"
        creatorId={creatorId}
        agencyName={me.organization?.name ?? 'Your agency'}
        creatorName={creatorName}
        button="End access"
        revoke={() => ok(api.DELETE('/v1/roster/{creatorId}', { params: { path: { creatorId } } }))}
        onDone={() => navigate('/roster')}
      />
    </Section>
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { DELIVERABLES, SCOPES, TABS, type Grant, type Scope, type Tab } from '../api/types';
import { formatDate, formatDateTime, formatMoney, label, parseMoneyInput, toMajorInput } from '../format';
import { fieldErrorsOf, useAction } from '../hooks';
import { Link } from '../router';
import { useMe } from '../session';
import { ConflictNotice, Empty, ErrorNotice, Field, Loading, Section, TableWrap, Tabs, UserText } from '../ui';
import { RatesEditor } from '../components/RatesEditor';
import { RevokeAccess } from '../components/RevokeAccess';
import { ProfileForm } from '../components/ProfileForm';
import { auditSentence, SCOPE_TEXT } from '../wording';

function ScopePicker({ legend, value, options, onChange }: { legend: string; value: Scope[]; options: Scope[]; onChange: (s: Scope[]) => void }) {
  return (
    <fieldset className="scopes">
      <legend>{legend}</legend>
      {options.map((s) => (
        <label key={s} className="inline">
          <input type="checkbox" checked={value.includes(s)} onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))} /> {SCOPE_TEXT[s]}
        </label>
      ))}
    </fieldset>
  );
}

function PendingGrant({ grant }: { grant: Grant }) {
  const [scopes, setScopes] = useState<Scope[]>(grant.requestedScopes);
  const approve = useAction(() => ok(api.POST('/v1/delegations/{id}/approve', { params: { path: { id: grant.id } }, body: { scopes, version: grant.version } })));
  const decline = useAction(() => ok(api.POST('/v1/delegations/{id}/decline', { params: { path: { id: grant.id } }, body: { version: grant.version } })));
  return (
    <li className="grant">
      <h3><UserText>{grant.agency.name}</UserText></h3>
      <p className="muted small">Asked on {formatDate(grant.createdAt)}</p>
      <ScopePicker legend={`What ${grant.agency.name} may do for you`} value={scopes} options={grant.requestedScopes} onChange={setScopes} />
      <ErrorNotice error={approve.error ?? decline.error} />
      <div className="actions">
        <button type="button" className="primary" disabled={scopes.length === 0 || approve.isPending} onClick={() => approve.mutate()}>
          Approve{scopes.length < grant.requestedScopes.length ? ' with fewer rights' : ''}
        </button>
        <button type="button" onClick={() => decline.mutate()} disabled={decline.isPending}>
          Decline
        </button>
      </div>
    </li>
  );
}

function ActiveGrant({ grant }: { grant: Grant }) {
  const [scopes, setScopes] = useState<Scope[]>(grant.scopes);
  const narrow = useAction(() => ok(api.PATCH('/v1/delegations/{id}', { params: { path: { id: grant.id } }, body: { scopes, version: grant.version } })));
  return (
    <li className="grant">
      <h3><UserText>{grant.agency.name}</UserText></h3>
      <p className="muted small">Since {formatDate(grant.decidedAt)}{grant.expiresAt ? `, until ${formatDate(grant.expiresAt)}` : ''}</p>
      <ScopePicker legend={`What ${grant.agency.name} may do for you`} value={scopes} options={grant.scopes} onChange={setScopes} />
      <ConflictNotice error={narrow.error} onReload={() => location.reload()} />
      <div className="actions">
        <button type="button" disabled={scopes.length === 0 || scopes.length === grant.scopes.length || narrow.isPending} onClick={() => narrow.mutate()}>
          Take away the unticked rights
        </button>
        <RevokeAccess
          side="creator"
          creatorId={grant.creatorId}
          agencyName={grant.agency.name}
          creatorName={grant.creator.name}
          revoke={() => ok(api.POST('/v1/delegations/{id}/revoke', { params: { path: { id: grant.id } }, body: { version: grant.version } }))}
        />
      </div>
    </li>
  );
}

export function GrantsPage() {
  const grants = useQuery({ queryKey: ['delegations'], queryFn: () => ok(api.GET('/v1/delegations', { params: { query: { limit: 100 } } })) });
  if (grants.isPending) return <Loading what="Loading agency access" />;
  if (!grants.data) return <ErrorNotice error={grants.error} onRetry={() => grants.refetch()} />;
  const pending = grants.data.items.filter((g) => g.status === 'pending');
  const active = grants.data.items.filter((g) => g.status === 'active');
  return (
    <>
      <h1>Agency access</h1>
      <Section title={`Requests (${pending.length})`}>
        {pending.length ? <ul className="grants">{pending.map((g) => <PendingGrant key={g.id} grant={g} />)}</ul> : <Empty>No agency is asking for access.</Empty>}
      </Section>
      <Section title={`Active grants (${active.length})`}>
        {active.length ? <ul className="grants">{active.map((g) => <ActiveGrant key={`${g.id}-${g.version}`} grant={g} />)}</ul> : <Empty>No agency acts for you.</Empty>}
      </Section>
      <p>
        <Link to="/audit">See everything done on your behalf</Link>
      </p>
    </>
  );
}

export function AuditPage() {
  const { me, reader } = useMe();
  const [cursor, setCursor] = useState<string | undefined>();
  const creatorId = me.user.kind === 'creator' ? me.user.id : undefined;
  const audit = useQuery({ queryKey: ['audit', cursor], queryFn: () => ok(api.GET('/v1/audit', { params: { query: { creatorId, cursor, limit: 50 } } })) });
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Everything done {creatorId ? 'on your behalf' : 'in your agency'}, newest first.</p>
      {audit.isPending ? (
        <Loading />
      ) : !audit.data ? (
        <ErrorNotice error={audit.error} />
      ) : audit.data.items.length === 0 ? (
        <Empty>Nothing recorded yet.</Empty>
      ) : (
        <TableWrap label="Audit log">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What happened</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.items.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(a.at)}</td>
                  <td>{auditSentence(a, reader)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {audit.data?.nextCursor && (
        <button type="button" onClick={() => setCursor(audit.data!.nextCursor!)}>
          Older entries
        </button>
      )}
    </>
  );
}

function PolicyForm({ creatorId }: { creatorId: string }) {
  const policy = useQuery({ queryKey: ['policy', creatorId], queryFn: () => ok(api.GET('/v1/creators/{creatorId}/negotiation-policy', { params: { path: { creatorId } } })) });
  const [confirm, setConfirm] = useState<boolean | null>(null);
  const [mins, setMins] = useState<Record<string, string> | null>(null);
  const save = useAction(
    (body: { requireConfirmation: boolean; minimumPrices: { deliverable: (typeof DELIVERABLES)[number]; price: { amount: number; currency: string } }[] }) =>
      ok(api.PUT('/v1/creators/{creatorId}/negotiation-policy', { params: { path: { creatorId } }, body })),
    () => {
      setConfirm(null);
      setMins(null);
    },
  );
  if (policy.isPending) return <Loading />;
  if (!policy.data) return <ErrorNotice error={policy.error} />;
  const currency = policy.data.minimumPrices[0]?.price.currency ?? 'USD';
  const current = mins ?? Object.fromEntries(policy.data.minimumPrices.map((m) => [m.deliverable, toMajorInput(m.price.amount, m.price.currency)]));
  const errors = fieldErrorsOf(save.error);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const minimumPrices = DELIVERABLES.flatMap((d) => {
      const amount = current[d] ? parseMoneyInput(current[d], currency) : null;
      return amount === null ? [] : [{ deliverable: d, price: { amount, currency } }];
    });
    save.mutate({ requireConfirmation: confirm ?? policy.data.requireConfirmation, minimumPrices });
  };
  return (
    <form aria-label="Negotiation policy" onSubmit={submit}>
      <label className="inline">
        <input type="checkbox" checked={confirm ?? policy.data.requireConfirmation} onChange={(e) => setConfirm(e.target.checked)} /> My agency's acceptances wait for my confirmation
      </label>
      <p className="muted small">Minimum prices ({currency}): my agency cannot agree to less.</p>
      {DELIVERABLES.map((d) => (
        <Field key={d} label={`Minimum for ${label(d)}`} error={errors[`minimumPrices.${DELIVERABLES.filter((x) => current[x]).indexOf(d)}.price.amount`]}>
          {(p) => <input {...p} inputMode="decimal" value={current[d] ?? ''} onChange={(e) => setMins({ ...current, [d]: e.target.value })} />}
        </Field>
      ))}
      <ErrorNotice error={Object.keys(errors).length ? null : save.error} />
      <button type="submit" className="primary" disabled={save.isPending || (confirm === null && mins === null)}>
        Save policy
      </button>
    </form>
  );
}

export function CreatorSettingsPage() {
  const { me } = useMe();
  return (
    <>
      <h1>Profile, rates and policy</h1>
      <Section title="Profile">
        <ProfileForm creatorId={me.user.id} />
      </Section>
      <Section title="Rates">
        <RatesEditor creatorId={me.user.id} editable />
      </Section>
      <Section title="Negotiation policy">
        <PolicyForm creatorId={me.user.id} />
      </Section>
    </>
  );
}

/** One tab of a creator's offers, linking each to its offer page. */
export function OfferList({ creatorId, tab }: { creatorId: string; tab: Tab }) {
  const list = useQuery({ queryKey: ['creator-offers', creatorId, tab], queryFn: () => ok(api.GET('/v1/creators/{creatorId}/campaigns', { params: { path: { creatorId }, query: { tab, limit: 50 } } })) });
  return (
    <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
      {list.isPending ? <Loading what="Loading offers" /> : !list.data ? <ErrorNotice error={list.error} onRetry={() => list.refetch()} /> : !list.data.items.length ? <Empty>No {tab} offers.</Empty> : <OfferItems items={list.data.items} />}
    </div>
  );
}

function OfferItems({ items }: { items: { offerId: string; campaignName: string; brand: { name: string }; status: string; price: { amount: number; currency: string }; belowRateCard: boolean | null; nextDeadline: string | null }[] }) {
  return (
    <ul className="offers">
      {items.map((o) => (
        <li key={o.offerId}>
          <Link to={`/offers/${o.offerId}`}>
            <UserText>{o.campaignName}</UserText> · <UserText>{o.brand.name}</UserText>
          </Link>{' '}
          <span className={`status status-${o.status}`}>{o.status.replace(/_/g, ' ')}</span> {formatMoney(o.price)}
          {o.belowRateCard ? <span className="badge warn">below rate card</span> : null}
          {o.nextDeadline && <span className="muted small"> · next deadline {formatDate(o.nextDeadline)}</span>}
        </li>
      ))}
    </ul>
  );
}

export function CreatorOffersPage() {
  const { me } = useMe();
  const [tab, setTab] = useState<Tab>('pending');
  return (
    <>
      <h1>My offers</h1>
      <p className="muted">Offers waiting for you (including acceptances by your agency that wait for your confirmation) are under Pending.</p>
      <Tabs label="Offers" tabs={TABS} current={tab} onChange={setTab} />
      <OfferList creatorId={me.user.id} tab={tab} />
    </>
  );
}

export { ScopePicker, SCOPES };

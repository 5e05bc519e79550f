import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { CREATOR_CATEGORIES, SCOPES, type RosterItem, type Scope } from '../api/types';
import { formatCount, formatDate, formatRate } from '../format';
import { fieldErrorsOf, useAction } from '../hooks';
import { canAdminOrg } from '../permissions';
import { Link } from '../router';
import { useMe, useSession } from '../session';
import { Empty, ErrorNotice, Field, Loading, Pager, Section, TableWrap, useCursorPages, UserText } from '../ui';
import { ScopePicker } from './creator';
import { assigneeText } from '../assignees';
import { AssigneePicker } from '../components/AssigneePicker';
import { DownloadCsv } from '../components/DownloadCsv';
import { scopesText } from '../wording';

type Sort = 'name' | 'since' | 'followers' | 'engagementRate';
/** How often the roster asks again: a revoked grant leaves it at the next refresh. */
export const ROSTER_REFRESH_MS = 5_000;

export function RosterPage() {
  const { me, viewer } = useMe();
  const [sort, setSort] = useState<Sort>('name');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string>('');
  const [mine, setMine] = useState(false);
  const pages = useCursorPages();
  const query = { sort, q: q || undefined, category: (category || undefined) as RosterItem['categories'][number] | undefined, assigneeId: mine ? me.user.id : undefined, cursor: pages.cursor, limit: 25 };
  const roster = useQuery({
    queryKey: ['roster', query],
    queryFn: () => ok(api.GET('/v1/roster', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: ROSTER_REFRESH_MS,
  });
  // Owners and admins read the member list: assignees by name, and the picker to change them.
  const members = useQuery({ queryKey: ['members', me.organization?.id], queryFn: () => ok(api.GET('/v1/orgs/{orgId}/members', { params: { path: { orgId: me.organization!.id }, query: { limit: 200 } } })), enabled: canAdminOrg(viewer) });
  const reset = pages.reset;
  const header = (key: Sort, text: string) => (
    <th scope="col" aria-sort={sort === key ? (key === 'name' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="link" onClick={() => { setSort(key); reset(); }}>
        {text}
      </button>
    </th>
  );
  return (
    <>
      <h1>Roster</h1>
      <form className="filters" role="search" aria-label="Filter the roster" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search">{(p) => <input {...p} type="search" value={q} placeholder="Name or handle" onChange={(e) => { setQ(e.target.value); reset(); }} />}</Field>
        <Field label="Category">
          {(p) => (
            <select {...p} value={category} onChange={(e) => { setCategory(e.target.value); reset(); }}>
              <option value="">All</option>
              {CREATOR_CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          )}
        </Field>
        <Field label="Sort by">
          {(p) => (
            <select {...p} value={sort} onChange={(e) => { setSort(e.target.value as Sort); reset(); }}>
              <option value="name">Name</option>
              <option value="since">Newest</option>
              <option value="followers">Followers</option>
              <option value="engagementRate">Engagement rate</option>
            </select>
          )}
        </Field>
        <label className="inline">
          <input type="checkbox" checked={mine} onChange={(e) => { setMine(e.target.checked); reset(); }} /> Assigned to me
        </label>
      </form>
      <DownloadCsv fallback="roster.csv" call={() => api.GET('/v1/roster', { params: { query: { ...query, cursor: undefined, limit: 200 } }, headers: { accept: 'text/csv' }, parseAs: 'blob' })} />
      {roster.isPending ? (
        <Loading what="Loading the roster" />
      ) : !roster.data ? (
        <ErrorNotice error={roster.error} onRetry={() => roster.refetch()} />
      ) : (
        <>
          {roster.data.degraded.length > 0 && <p className="notice warn" role="status">Some summary columns are unavailable right now ({roster.data.degraded.join(', ')}); the rest is current.</p>}
          {roster.data.items.length === 0 ? (
            <Empty>{q || category || mine ? 'No creator matches these filters.' : 'No creators yet: ask a creator for access under Delegations.'}</Empty>
          ) : (
            <TableWrap label="Roster">
              <table className="roster">
                <caption className="sr-only">Creators your agency represents</caption>
                <thead>
                  <tr>
                    {header('name', 'Creator')}
                    {header('followers', 'Followers')}
                    {header('engagementRate', 'Engagement')}
                    <th scope="col">Active campaigns</th>
                    <th scope="col">Pending offers</th>
                    {header('since', 'Since')}
                    <th scope="col">Assignees</th>
                  </tr>
                </thead>
                <tbody>
                  {roster.data.items.map((r) => (
                    <tr key={r.creator.id}>
                      <th scope="row">
                        <Link to={`/creators/${r.creator.id}`}><UserText>{r.creator.name}</UserText></Link> <span className="muted small"><UserText prefix="@">{r.creator.handle}</UserText></span>
                      </th>
                      <td>{formatCount(r.summary.followers)}</td>
                      <td>{formatRate(r.summary.engagementRate)}</td>
                      <td>{r.summary.activeCampaigns ?? '—'}</td>
                      <td>{r.summary.pendingOffers ?? '—'}</td>
                      <td>{formatDate(r.since)}</td>
                      <td>
                        {assigneeText(r.assignees, me.user.id, members.data?.items ?? null)}
                        {members.data && <> <AssigneePicker item={r} members={members.data.items} meId={me.user.id} /></>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <Pager label="Roster pages" pages={pages} nextCursor={roster.data.nextCursor} />
        </>
      )}
    </>
  );
}

export function MembersPage() {
  const { me, viewer } = useMe();
  const orgId = me.organization!.id;
  const admin = canAdminOrg(viewer);
  const members = useQuery({ queryKey: ['members', orgId], queryFn: () => ok(api.GET('/v1/orgs/{orgId}/members', { params: { path: { orgId }, query: { limit: 200 } } })), enabled: admin });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'owner' | 'admin' | 'manager' | 'viewer'>('manager');
  const [invited, setInvited] = useState<string | null>(null);
  const add = useAction(
    () => ok(api.POST('/v1/orgs/{orgId}/invitations', { params: { path: { orgId } }, body: { email, role } })),
    (invitation) => {
      setInvited(`${invitation.email} is invited as ${invitation.role}; they join once they accept.`);
      setEmail('');
    },
  );
  const change = useAction((v: { userId: string; role: typeof role }) => ok(api.PATCH('/v1/orgs/{orgId}/members/{userId}', { params: { path: { orgId, userId: v.userId } }, body: { role: v.role } })));
  const remove = useAction((userId: string) => ok(api.DELETE('/v1/orgs/{orgId}/members/{userId}', { params: { path: { orgId, userId } } })));
  if (!admin) return <><h1>Members</h1><Empty>Only owners and admins manage members. Your role: {me.role}.</Empty></>;
  const errors = fieldErrorsOf(add.error);
  return (
    <>
      <h1>Members of <UserText>{me.organization!.name}</UserText></h1>
      {members.isPending ? <Loading /> : !members.data ? <ErrorNotice error={members.error} /> : (
        <TableWrap label="Members">
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {members.data.items.map((m) => (
                <tr key={m.userId}>
                  <th scope="row"><UserText>{m.name}</UserText></th>
                  <td>{m.email}</td>
                  <td>
                    <select aria-label={`Role of ${m.name}`} value={m.role} onChange={(e) => change.mutate({ userId: m.userId, role: e.target.value as typeof role })}>
                      {['owner', 'admin', 'manager', 'viewer'].map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  </td>
                  <td>{formatDate(m.joinedAt)}</td>
                  <td>{m.userId !== me.user.id && <button type="button" className="danger" onClick={() => remove.mutate(m.userId)}>Remove</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <ErrorNotice error={change.error ?? remove.error} />
      <Section title="Invite a member">
        <form aria-label="Invite a member" onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
          <p className="muted small">The person gets an invitation for this email address and joins when they accept it (within 7 days).</p>
          <Field label="Email" error={errors.email}>{(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
          <Field label="Role" error={errors.role}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
                {['admin', 'manager', 'viewer', ...(me.role === 'owner' ? ['owner'] : [])].map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            )}
          </Field>
          {!Object.keys(errors).length && <ErrorNotice error={add.error} />}
          {invited && <p className="notice" role="status">{invited}</p>}
          <button type="submit" className="primary" disabled={add.isPending}>Send invitation</button>
        </form>
      </Section>
    </>
  );
}

export function DelegationsPage() {
  const { viewer } = useMe();
  const admin = canAdminOrg(viewer);
  const grants = useQuery({ queryKey: ['delegations'], queryFn: () => ok(api.GET('/v1/delegations', { params: { query: { limit: 100 } } })) });
  const [handle, setHandle] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['campaigns:read', 'offers:negotiate', 'feedback:write', 'metrics:read']);
  const ask = useAction(() => ok(api.POST('/v1/delegations', { body: { creatorHandle: handle, scopes } })), () => setHandle(''));
  const errors = fieldErrorsOf(ask.error);
  return (
    <>
      <h1>Delegation requests</h1>
      {admin && (
        <Section title="Ask a creator for access">
          <form aria-label="Ask a creator for access" onSubmit={(e) => { e.preventDefault(); ask.mutate(); }}>
            <Field label="Creator handle" error={errors.creatorHandle}>{(p) => <input {...p} name="creatorHandle" value={handle} onChange={(e) => setHandle(e.target.value)} />}</Field>
            <ScopePicker legend="What to ask the creator for" value={scopes} options={SCOPES} onChange={setScopes} />
            {errors.scopes && <span className="field-error">{errors.scopes}</span>}
            {!Object.keys(errors).length && <ErrorNotice error={ask.error} />}
            <button type="submit" className="primary" disabled={ask.isPending}>Send request</button>
          </form>
        </Section>
      )}
      <Section title="Requests and grants">
        {grants.isPending ? <Loading /> : !grants.data ? <ErrorNotice error={grants.error} /> : grants.data.items.length === 0 ? <Empty>No requests yet.</Empty> : (
          <TableWrap label="Delegations">
            <table>
              <thead><tr><th scope="col">Creator</th><th scope="col">Status</th><th scope="col">What the agency may do</th><th scope="col">Asked</th></tr></thead>
              <tbody>
                {grants.data.items.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">{g.status === 'active' ? <Link to={`/creators/${g.creatorId}`}><UserText>{g.creator.name}</UserText></Link> : <UserText>{g.creator.name}</UserText>} <span className="muted small"><UserText prefix="@">{g.creator.handle}</UserText></span></th>
                    <td><span className={`status status-${g.status}`}>{g.status}</span></td>
                    <td>{scopesText(g.status === 'pending' ? g.requestedScopes : g.scopes)}</td>
                    <td>{formatDate(g.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Section>
    </>
  );
}

/** Invitations addressed to the caller: accepting makes them a member (they sign in again to act as one). */
export function InvitationsPage() {
  const { signOut } = useSession();
  const invitations = useQuery({ queryKey: ['invitations'], queryFn: () => ok(api.GET('/v1/invitations')) });
  const accept = useAction((id: string) => ok(api.POST('/v1/invitations/{id}/accept', { params: { path: { id } } })));
  const decline = useAction((id: string) => ok(api.POST('/v1/invitations/{id}/decline', { params: { path: { id } } })));
  const pending = invitations.data?.items.filter((i) => i.status === 'pending') ?? [];
  const joined = invitations.data?.items.some((i) => i.status === 'accepted');
  return (
    <>
      <h1>Invitations</h1>
      <p className="muted">Your account is not part of an organization yet. An agency or brand owner or admin invites you by email.</p>
      {invitations.isPending ? <Loading /> : !invitations.data ? <ErrorNotice error={invitations.error} /> : pending.length === 0 ? <Empty>No invitation is waiting for you.</Empty> : (
        <ul className="grants">
          {pending.map((i) => (
            <li key={i.id} className="grant">
              <h2><UserText>{i.organization.name}</UserText></h2>
              <p>Role: {i.role} · until {formatDate(i.expiresAt)}</p>
              <div className="actions">
                <button type="button" className="primary" onClick={() => accept.mutate(i.id)} disabled={accept.isPending}>Accept</button>
                <button type="button" onClick={() => decline.mutate(i.id)} disabled={decline.isPending}>Decline</button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ErrorNotice error={accept.error ?? decline.error} />
      {joined && (
        <p className="notice" role="status">
          You joined. <button type="button" className="link" onClick={() => void signOut()}>Sign in again</button> to work as a member.
        </p>
      )}
    </>
  );
}

import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  ACCESS_TOKEN,
  AppError,
  accessTokenClaimsSchema,
  identityContracts as c,
  principalFromClaims,
  auditEvents,
  rosterAuditEvents,
  userEvents,
  type Principal,
  type SessionResponse,
} from '#libs/contracts';
import { buildEnvelope } from '#libs/messaging';
import { bootService, eventually, type ServiceUnderTest } from '#libs/testing';
import { identityApp } from './identity.app.js';
import { MikroORM } from '@mikro-orm/postgresql';
import { pruneProcessedCommands } from '#libs/service-defaults';
import { GrantExpirySweeper } from './grants/grant-expiry.sweeper.js';
import { RefreshTokenSweeper } from './tokens/refresh-token.sweeper.js';

/**
 * Identity on its own, through its NATS subjects, against a real nats-server and PostgreSQL:
 * sessions, organizations, the grant lifecycle with its events and audit entries, and the
 * database-level guarantees (append-only audit log, one open grant per pair), and commands
 * deduplicated by idempotency key.
 */
describe('identity over NATS (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  let db: pg.Client;

  beforeAll(async () => {
    sut = await bootService(identityApp, {
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_PER_IP: '1000',
      SIGNUP_MAX_PER_IP: '1000',
      GRANT_EXPIRY_SWEEP_MS: '3600000',
    }, { runtimeRole: true });
    db = await sut.sql();
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
  });

  const call = <C extends (typeof c)[keyof typeof c]>(contract: C, payload: Parameters<typeof sut.client.request<C>>[1], principal?: Principal) =>
    sut.client.request(contract, payload, { principal });
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      return err as AppError;
    }
    throw new Error('expected a failure');
  };
  const principalOf = (s: { accessToken: string }) => principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(s.accessToken)));
  const unique = () => randomUUID().slice(0, 8);

  async function signup(kind: 'creator' | 'manager' | 'brand', extra: Record<string, unknown> = {}): Promise<SessionResponse & { principal: Principal; password: string }> {
    const id = unique();
    const password = `pw-${id}-long-enough`;
    const session = await call(c.signup, {
      email: `${kind}-${id}@example.com`,
      password,
      name: `${kind} ${id}`,
      kind,
      clientIp: '198.51.100.1',
      ...(kind === 'creator' ? { handle: `c_${id}` } : {}),
      ...extra,
    });
    return { ...session, principal: principalOf(session), password };
  }

  /** `owner` invites `member` to `orgId` and `member` accepts (the only way into an organization). */
  async function join(owner: { principal: Principal }, orgId: string, member: { user: { email: string }; principal: Principal }, role: 'owner' | 'admin' | 'manager' | 'viewer') {
    const invitation = await call(c.invitationsCreate, { orgId, email: member.user.email, role }, owner.principal);
    await call(c.invitationsAccept, { invitationId: invitation.id }, member.principal);
  }

  async function identityEvents(): Promise<{ subject: string; payload: Record<string, unknown>; aggregateVersion: number }[]> {
    const jsm = await jetstreamManager(sut.adminConnection);
    const info = await jsm.streams.info('IDENTITY');
    const out = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage('IDENTITY', { seq }).catch(() => null);
      if (msg) {
        const env = msg.json<{ payload: Record<string, unknown>; aggregateVersion: number }>();
        out.push({ subject: msg.subject, payload: env.payload, aggregateVersion: env.aggregateVersion });
      }
    }
    return out;
  }
  describe('accounts and sessions', () => {
    it('signs up a manager with an agency they own, and issues a verifiable EdDSA token with kid', async () => {
      const s = await signup('manager', { organization: { name: 'Northwind' } });
      expect(s).toMatchObject({ tokenType: 'Bearer', expiresIn: 600, role: 'owner', organization: { name: 'Northwind', kind: 'agency' } });
      const { keys } = await call(c.keysList, {});
      const { payload, protectedHeader } = await jwtVerify(s.accessToken, createLocalJWKSet({ keys }), {
        algorithms: [ACCESS_TOKEN.algorithm],
        issuer: ACCESS_TOKEN.issuer,
        audience: ACCESS_TOKEN.audience,
        typ: ACCESS_TOKEN.type,
      });
      expect(protectedHeader.kid).toBe(keys[0]!.kid);
      expect(payload).toMatchObject({ sub: s.user.id, tp_kind: 'manager', tp_org: s.organization!.id, tp_org_kind: 'agency', tp_role: 'owner', sid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(payload.exp! - payload.iat!).toBe(600);
      // The password is stored as scrypt, never in the clear.
      const { rows } = await db.query('select password_hash from identity.users where id = $1', [s.user.id]);
      expect(rows[0].password_hash).toMatch(/^scrypt\$ln=15,r=8,p=1\$/);
      expect(rows[0].password_hash).not.toContain(s.password);
    });

    it('normalizes emails and refuses a duplicate email or handle with 409', async () => {
      const s = await signup('creator');
      const again = await failure(call(c.signup, { email: `  ${s.user.email.toUpperCase()} `, password: 'another-password', name: 'x', kind: 'creator', handle: `h_${unique()}`, clientIp: null }));
      expect(again).toMatchObject({ code: 'conflict', errors: [{ path: 'email' }] });
      const handle = await failure(call(c.signup, { email: `${unique()}@example.com`, password: 'another-password', name: 'x', kind: 'creator', handle: `@${s.user.handle!.toUpperCase()}`, clientIp: null }));
      expect(handle).toMatchObject({ code: 'conflict', errors: [{ path: 'handle' }] });
    });

    it('answers bad credentials the same way whether or not the account exists', async () => {
      const s = await signup('brand', { organization: { name: 'Acme' } });
      const wrong = await failure(call(c.login, { email: s.user.email, password: 'wrong-password', clientIp: '198.51.100.2' }));
      const unknown = await failure(call(c.login, { email: `nobody-${unique()}@example.com`, password: 'wrong-password', clientIp: '198.51.100.2' }));
      expect(wrong.toRemote()).toEqual(unknown.toRemote());
      expect(wrong.code).toBe('unauthenticated');
    });

    it('lets 50 parallel wrong logins from one address record at most the limit, and the owner still logs in from another', async () => {
      const s = await signup('creator');
      const attacker = '2001:db8:77:1::1';
      const results = await Promise.all(
        // A generous deadline: the checked guesses each run scrypt, and the later ones are slowed down on purpose.
        Array.from({ length: 50 }, (_, i) => failure(sut.client.request(c.login, { email: s.user.email, password: `guess-${i}`, clientIp: attacker }, { timeoutMs: 15_000 }))),
      );
      const codes = results.map((e) => e.code);
      // The limit is 3 per account and source: three guesses were checked, the rest refused unchecked.
      expect(codes.filter((code) => code === 'unauthenticated')).toHaveLength(3);
      expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(47);
      const { rows } = await db.query<{ hits: number }>(`select hits from identity.rate_limits where key like 'login:account-source:%' order by hits desc limit 1`);
      expect(rows[0]!.hits).toBeLessThanOrEqual(3);
      // Another address in the attacker's /64 is the same source, even with the right password.
      const neighbour = await failure(call(c.login, { email: s.user.email, password: s.password, clientIp: '2001:db8:77:1:ffff::2' }));
      expect(neighbour.code).toBe('rate_limited');
      expect(neighbour.detail).toMatch(/try again in \d+ seconds/);
      // The owner, from their own address, gets in.
      await expect(call(c.login, { email: s.user.email, password: s.password, clientIp: '198.51.100.9' })).resolves.toMatchObject({ user: { id: s.user.id } });
    }, 30_000);

    it('rotates refresh tokens; replaying a spent one revokes the whole family', async () => {
      const s = await signup('creator');
      const second = await call(c.refresh, { refreshToken: s.refreshToken, clientIp: null });
      expect(second.refreshToken).not.toBe(s.refreshToken);
      const third = await call(c.refresh, { refreshToken: second.refreshToken, clientIp: null });
      // An attacker replays the first token: refused, and the family is burnt.
      expect((await failure(call(c.refresh, { refreshToken: s.refreshToken, clientIp: null }))).code).toBe('unauthenticated');
      expect((await failure(call(c.refresh, { refreshToken: third.refreshToken, clientIp: null }))).code).toBe('unauthenticated');
      // Other sessions of the same user are other families and keep working.
      const other = await call(c.login, { email: s.user.email, password: s.password, clientIp: null });
      await expect(call(c.refresh, { refreshToken: other.refreshToken, clientIp: null })).resolves.toMatchObject({ tokenType: 'Bearer' });
      const { rows } = await db.query('select count(*)::int as n from identity.refresh_tokens where token_hash = $1 or token_hash like $2', [s.refreshToken, `%${s.refreshToken}%`]);
      expect(rows[0].n).toBe(0); // only hashes are stored
    });

    it('logs out by revoking the family, and only the caller\'s own', async () => {
      const a = await signup('creator');
      const b = await signup('creator');
      await expect(call(c.logout, { refreshToken: a.refreshToken }, b.principal)).resolves.toEqual({ revoked: false });
      await expect(call(c.logout, { refreshToken: a.refreshToken }, a.principal)).resolves.toEqual({ revoked: true });
      expect((await failure(call(c.refresh, { refreshToken: a.refreshToken, clientIp: null }))).code).toBe('unauthenticated');
      expect((await failure(call(c.logout, { refreshToken: a.refreshToken }))).code).toBe('unauthenticated');
    });

    it('refuses the successor of a refresh that raced a logout, whichever ran first', async () => {
      const s = await signup('creator');
      const waiting = async () =>
        (await db.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0]!.n;
      // A side connection holds the token's row; refresh and logout both queue behind it.
      const side = new pg.Client({ connectionString: sut.db.url });
      await side.connect();
      await side.query('begin');
      await side.query('select 1 from identity.refresh_tokens where token_hash = $1 for update', [createHash('sha256').update(s.refreshToken).digest('hex')]);
      const refresh = call(c.refresh, { refreshToken: s.refreshToken, clientIp: null }).then(
        (pair) => pair,
        (err: unknown) => err as AppError,
      );
      await eventually(async () => (await waiting()) >= 1);
      const logout = call(c.logout, { refreshToken: s.refreshToken }, s.principal);
      await eventually(async () => (await waiting()) >= 2);
      await side.query('commit');
      await side.end();

      await expect(logout).resolves.toEqual({ revoked: true });
      const successor = await refresh;
      if (!(successor instanceof AppError)) {
        expect((await failure(call(c.refresh, { refreshToken: successor.refreshToken, clientIp: null }))).code).toBe('unauthenticated');
        const { rows } = await db.query('select revoked_at from identity.refresh_tokens where token_hash = $1', [createHash('sha256').update(successor.refreshToken).digest('hex')]);
        expect(rows[0].revoked_at).not.toBeNull();
      }
      const { rows } = await db.query(`select count(*)::int as n from identity.refresh_tokens where user_id = $1 and revoked_at is null`, [s.user.id]);
      expect(rows[0].n).toBe(0);
    }, 30_000);

    it('lets only one of two refreshes racing with the same token win, and then burns the family', async () => {
      const s = await signup('creator');
      const side = new pg.Client({ connectionString: sut.db.url });
      await side.connect();
      await side.query('begin');
      await side.query('select 1 from identity.refresh_tokens where token_hash = $1 for update', [createHash('sha256').update(s.refreshToken).digest('hex')]);
      const attempt = () => call(c.refresh, { refreshToken: s.refreshToken, clientIp: null }).then((pair) => pair, (err: unknown) => err as AppError);
      const first = attempt();
      const second = attempt();
      await eventually(async () => (await db.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0]!.n >= 2);
      await side.query('commit');
      await side.end();
      const outcomes = await Promise.all([first, second]);
      const winners = outcomes.filter((o) => !(o instanceof AppError));
      expect(winners.length).toBeLessThanOrEqual(1);
      // The loser presented a spent token: the family is revoked, the winner's successor with it.
      for (const w of winners) expect((await failure(call(c.refresh, { refreshToken: (w as { refreshToken: string }).refreshToken, clientIp: null }))).code).toBe('unauthenticated');
    }, 30_000);

    it('prunes refresh tokens of ended sessions, but keeps a live family\'s spent token so its replay is still caught', async () => {
      const ended = await signup('creator');
      const live = await signup('creator');
      const next = await call(c.refresh, { refreshToken: live.refreshToken, clientIp: null });
      const expire = (userId: string, extra = '') => db.query(`update identity.refresh_tokens set expires_at = now() - interval '1 second' where user_id = $1 ${extra}`, [userId]);
      await expire(ended.user.id);
      await expire(live.user.id, 'and used_at is not null');
      await sut.service.app.get(RefreshTokenSweeper).run();
      const left = async (userId: string) => (await db.query('select count(*)::int as n from identity.refresh_tokens where user_id = $1', [userId])).rows[0].n;
      expect(await left(ended.user.id)).toBe(0);
      expect(await left(live.user.id)).toBe(2);
      // The expired spent token is still recognised: replaying it burns the family.
      expect((await failure(call(c.refresh, { refreshToken: live.refreshToken, clientIp: null }))).code).toBe('unauthenticated');
      expect((await failure(call(c.refresh, { refreshToken: next.refreshToken, clientIp: null }))).code).toBe('unauthenticated');
      const { rows } = await db.query(`select indexname from pg_indexes where schemaname = 'identity' and tablename = 'refresh_tokens' and indexdef like '%(user_id)%'`);
      expect(rows).toHaveLength(1);
    });
  });

  describe('organizations', () => {
    it('issues a login racing a demotion with the role the demotion leaves', async () => {
      const owner = await signup('manager', { organization: { name: 'Racing Co' } });
      const orgId = owner.organization!.id;
      const admin = await signup('manager');
      await join(owner, orgId, admin, 'admin');
      // The demotion holds the member row, uncommitted, while the login reads it.
      const demotion = new pg.Client({ connectionString: sut.db.url });
      await demotion.connect();
      await demotion.query('begin');
      await demotion.query(`update identity.members set role = 'viewer' where user_id = $1`, [admin.user.id]);
      const login = call(c.login, { email: admin.user.email, password: admin.password, clientIp: null });
      // The login is waiting for that row (without a lock it would read the old role at once and finish).
      await eventually(async () => (await db.query('select 1 from pg_locks where not granted')).rowCount! > 0);
      await demotion.query('commit');
      await demotion.end();
      const session = await login;
      expect(session.role).toBe('viewer');
      expect(decodeJwt(session.accessToken).tp_role).toBe('viewer');
    });

    it('joins members only by accepted invitation, re-roles and removes them, and always keeps an owner', async () => {
      const owner = await signup('manager', { organization: { name: 'Talent Co' } });
      const orgId = owner.organization!.id;
      const joiner = await signup('manager');
      const brandUser = await signup('brand');
      // An invitation makes nobody a member by itself.
      const invitation = await call(c.invitationsCreate, { orgId, email: joiner.user.email.toUpperCase(), role: 'admin' }, owner.principal);
      expect(invitation).toMatchObject({ status: 'pending', email: joiner.user.email, role: 'admin', organization: { id: orgId, kind: 'agency' } });
      expect((await call(c.membersList, { orgId }, owner.principal)).items.map((m) => m.userId)).toEqual([owner.user.id]);
      // Only the invitee sees and decides it.
      expect((await call(c.invitationsList, {}, joiner.principal)).items.map((i) => i.id)).toEqual([invitation.id]);
      expect((await call(c.invitationsList, {}, brandUser.principal)).items).toEqual([]);
      expect((await failure(call(c.invitationsAccept, { invitationId: invitation.id }, brandUser.principal))).code).toBe('not_found');
      await expect(call(c.invitationsAccept, { invitationId: invitation.id }, joiner.principal)).resolves.toMatchObject({ status: 'accepted' });
      expect((await failure(call(c.invitationsDecline, { invitationId: invitation.id }, joiner.principal))).code).toBe('conflict');
      // Inviting an address answers the same whether it has an account, is of the wrong kind or has none.
      const toBrand = await call(c.invitationsCreate, { orgId, email: brandUser.user.email, role: 'viewer' }, owner.principal);
      const toNobody = await call(c.invitationsCreate, { orgId, email: `nobody-${unique()}@example.com`, role: 'viewer' }, owner.principal);
      expect([toBrand.status, toNobody.status]).toEqual(['pending', 'pending']);
      expect((await failure(call(c.invitationsCreate, { orgId, email: brandUser.user.email, role: 'viewer' }, owner.principal))).code).toBe('conflict');
      // …but a brand account cannot join an agency.
      expect((await failure(call(c.invitationsAccept, { invitationId: toBrand.id }, brandUser.principal))).code).toBe('unprocessable');
      await expect(call(c.invitationsDecline, { invitationId: toBrand.id }, brandUser.principal)).resolves.toMatchObject({ status: 'declined' });
      // An admin cannot invite an owner; a non-admin cannot invite at all.
      expect((await failure(call(c.invitationsCreate, { orgId, email: `x-${unique()}@example.com`, role: 'owner' }, joiner.principal))).code).toBe('forbidden');

      // The admin (role read from the database, not the stale token) cannot touch the owner.
      expect((await failure(call(c.membersUpdate, { orgId, userId: owner.user.id, role: 'viewer' }, joiner.principal))).code).toBe('forbidden');
      expect((await failure(call(c.membersRemove, { orgId, userId: owner.user.id }, owner.principal))).code).toBe('conflict');
      await call(c.membersUpdate, { orgId, userId: joiner.user.id, role: 'owner' }, owner.principal);
      await expect(call(c.membersRemove, { orgId, userId: owner.user.id }, joiner.principal)).resolves.toEqual({ removed: true });
      const page = await call(c.membersList, { orgId }, joiner.principal);
      expect(page.items.map((m) => [m.userId, m.role])).toEqual([[joiner.user.id, 'owner']]);
      // Another organization's owner learns nothing.
      const stranger = await signup('manager', { organization: { name: 'Elsewhere' } });
      expect((await failure(call(c.membersList, { orgId }, stranger.principal))).code).toBe('not_found');
      expect((await failure(call(c.invitationsCreate, { orgId, email: `y-${unique()}@example.com`, role: 'viewer' }, stranger.principal))).code).toBe('not_found');
      // Each membership change is announced with who the member is (notifications addresses members from these).
      const memberships = await eventually(async () => {
        const all = (await identityEvents()).filter((e) => e.subject === 'identity.evt.member.changed.v1' && e.payload.orgId === orgId);
        return all.length === 4 && all;
      });
      expect(memberships.map((e) => [e.payload.userId, e.payload.role])).toEqual([
        [owner.user.id, 'owner'],
        [joiner.user.id, 'admin'],
        [joiner.user.id, 'owner'],
        [owner.user.id, null],
      ]);
      expect(memberships[1]!.payload).toMatchObject({ email: joiner.user.email, orgKind: 'agency', orgName: 'Talent Co' });
      const audit = await call(c.auditList, {}, joiner.principal);
      expect(audit.items.map((e) => e.action)).toEqual([
        'member.removed',
        'member.role-changed',
        'member.invitation-declined',
        'member.invited',
        'member.invited',
        'member.added',
        'member.invited',
        'org.created',
      ]);
    });

    it('lets an invitation expire unaccepted', async () => {
      const owner = await signup('manager', { organization: { name: 'Slow Co' } });
      const late = await signup('manager');
      const invitation = await call(c.invitationsCreate, { orgId: owner.organization!.id, email: late.user.email, role: 'viewer' }, owner.principal);
      await db.query(`update identity.invitations set expires_at = now() - interval '1 second' where id = $1`, [invitation.id]);
      expect((await call(c.invitationsList, { status: 'expired' }, late.principal)).items.map((i) => [i.id, i.status])).toEqual([[invitation.id, 'expired']]);
      expect((await failure(call(c.invitationsAccept, { invitationId: invitation.id }, late.principal))).code).toBe('conflict');
      // A new invitation to the same address can be sent.
      await expect(call(c.invitationsCreate, { orgId: owner.organization!.id, email: late.user.email, role: 'viewer' }, owner.principal)).resolves.toMatchObject({ status: 'pending' });
    });
  });

  describe('delegation grants', () => {
    let agency: Awaited<ReturnType<typeof signup>>;
    let creator: Awaited<ReturnType<typeof signup>>;
    beforeAll(async () => {
      agency = await signup('manager', { organization: { name: 'Grantees' } });
      creator = await signup('creator');
    });

    it('runs request → approve (narrowed) → narrow → revoke, with events and audit entries', async () => {
      const requested = await call(c.grantsRequest, { creatorHandle: `@${creator.user.handle}`, scopes: ['metrics:read', 'campaigns:read', 'rates:write'] }, agency.principal);
      expect(requested).toMatchObject({ status: 'pending', agencyId: agency.organization!.id, creatorId: creator.user.id, version: 1 });
      expect(requested.scopes).toEqual(['campaigns:read', 'rates:write', 'metrics:read']);
      expect((await failure(call(c.grantsRequest, { creatorHandle: creator.user.handle!, scopes: ['metrics:read'] }, agency.principal))).code).toBe('conflict');
      expect(await call(c.grantsCheck, { creatorId: creator.user.id }, agency.principal)).toEqual({ grant: null });

      // The agency cannot approve its own request; another creator does not even see it.
      expect((await failure(call(c.grantsApprove, { grantId: requested.id }, agency.principal))).code).toBe('forbidden');
      const other = await signup('creator');
      expect((await failure(call(c.grantsApprove, { grantId: requested.id }, other.principal))).code).toBe('not_found');
      expect((await failure(call(c.grantsApprove, { grantId: requested.id, scopes: ['offers:negotiate'] }, creator.principal))).code).toBe('unprocessable');

      const active = await call(c.grantsApprove, { grantId: requested.id, scopes: ['metrics:read', 'campaigns:read'], version: 1 }, creator.principal);
      expect(active).toMatchObject({ status: 'active', scopes: ['campaigns:read', 'metrics:read'], version: 2 });
      expect((await call(c.grantsCheck, { creatorId: creator.user.id }, agency.principal)).grant).toMatchObject({ id: requested.id, status: 'active' });
      expect((await failure(call(c.grantsNarrow, { grantId: requested.id, scopes: ['metrics:read'], version: 1 }, creator.principal))).code).toBe('conflict');
      await call(c.grantsNarrow, { grantId: requested.id, scopes: ['metrics:read'], version: 2 }, creator.principal);
      const revoked = await call(c.grantsRevoke, { grantId: requested.id }, creator.principal);
      expect(revoked).toMatchObject({ status: 'revoked', version: 4 });
      expect(await call(c.grantsCheck, { creatorId: creator.user.id }, agency.principal)).toEqual({ grant: null });

      const events = await eventually(async () => {
        const all = (await identityEvents()).filter((e) => e.payload.grantId === requested.id);
        return all.length === 4 && all;
      });
      expect(events.map((e) => [e.subject, e.aggregateVersion])).toEqual([
        ['identity.evt.grant.requested.v1', 1],
        ['identity.evt.grant.activated.v1', 2],
        ['identity.evt.grant.scopes-changed.v1', 3],
        ['identity.evt.grant.revoked.v1', 4],
      ]);
      expect(events[0]!.payload).toMatchObject({ status: 'pending', actorUserId: agency.user.id });
      expect(events[2]!.payload).toMatchObject({ scopes: ['metrics:read'], previousScopes: ['campaigns:read', 'metrics:read'] });
      // Names ride along, so projections need no lookup back into identity.
      expect(events[1]!.payload).toMatchObject({ creator: { handle: creator.user.handle, name: creator.user.name }, agency: { name: 'Grantees' } });

      const audit = await call(c.auditList, { creatorId: creator.user.id }, creator.principal);
      expect(audit.items.map((e) => e.action)).toEqual(['grant.revoked', 'grant.scopes-changed', 'grant.approved', 'grant.requested']);
      expect(audit.items[2]).toMatchObject({ actor: { userId: creator.user.id }, onBehalfOf: creator.user.id, orgId: agency.organization!.id, grantId: requested.id });
    });

    it('lets only one of two racing decisions win', async () => {
      const creator2 = await signup('creator');
      const g = await call(c.grantsRequest, { creatorHandle: creator2.user.handle!, scopes: ['metrics:read'] }, agency.principal);
      const results = await Promise.allSettled([
        call(c.grantsApprove, { grantId: g.id }, creator2.principal),
        call(c.grantsDecline, { grantId: g.id }, creator2.principal),
        call(c.grantsRevoke, { grantId: g.id }, agency.principal),
      ]);
      // Revoke may legitimately follow an approve; approve and decline exclude each other.
      const won = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ status: string }>).value.status);
      expect(won.includes('active') && won.includes('declined')).toBe(false);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('conflict');
      const { rows } = await db.query('select count(*)::int as n from identity.delegation_grants where creator_id = $1 and status in ($2, $3)', [creator2.user.id, 'pending', 'active']);
      expect(rows[0].n).toBeLessThanOrEqual(1);
    });

    it('stops a grant at its expiry with no job run, then records the expiry with an event', async () => {
      const creator3 = await signup('creator');
      const g = await call(c.grantsRequest, { creatorHandle: creator3.user.handle!, scopes: ['metrics:read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, agency.principal);
      await call(c.grantsApprove, { grantId: g.id }, creator3.principal);
      expect((await call(c.grantsCheck, { creatorId: creator3.user.id }, agency.principal)).grant).not.toBeNull();
      // Time passes (the row is moved instead of the clock).
      await db.query(`update identity.delegation_grants set expires_at = now() - interval '1 second' where id = $1`, [g.id]);
      expect(await call(c.grantsCheck, { creatorId: creator3.user.id }, agency.principal)).toEqual({ grant: null });
      expect((await call(c.grantsGet, { grantId: g.id }, creator3.principal)).status).toBe('expired');
      expect((await failure(call(c.grantsRevoke, { grantId: g.id }, creator3.principal))).title).toBe('Grant expired');
      // The refused command recorded the expiry; a new request can take the pair again.
      const { rows } = await db.query('select status from identity.delegation_grants where id = $1', [g.id]);
      expect(rows[0].status).toBe('expired');
      await expect(call(c.grantsRequest, { creatorHandle: creator3.user.handle!, scopes: ['metrics:read'] }, agency.principal)).resolves.toMatchObject({ status: 'pending' });
      await eventually(async () => (await identityEvents()).some((e) => e.subject === 'identity.evt.grant.expired.v1' && e.payload.grantId === g.id));
    });

    it('has a sweeper that records due expiries', async () => {
      const creator4 = await signup('creator');
      const g = await call(c.grantsRequest, { creatorHandle: creator4.user.handle!, scopes: ['metrics:read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, agency.principal);
      await db.query(`update identity.delegation_grants set expires_at = now() - interval '1 second' where id = $1`, [g.id]);
      await sut.service.app.get(GrantExpirySweeper).run();
      const { rows } = await db.query('select status, ended_at from identity.delegation_grants where id = $1', [g.id]);
      expect(rows[0]).toMatchObject({ status: 'expired', ended_at: expect.any(Date) });
    });

    it('records actions taken through a grant in force, and refuses them through any other', async () => {
      const creator5 = await signup('creator');
      const g = await call(c.grantsRequest, { creatorHandle: creator5.user.handle!, scopes: ['rates:write'] }, agency.principal);
      await call(c.grantsApprove, { grantId: g.id }, creator5.principal);
      const actingFor = { creatorId: creator5.user.id, grantId: g.id, scopes: ['rates:write' as const] };
      const { id } = await call(c.auditRecord, { action: 'rates.updated', target: { type: 'rate-card', id: creator5.user.id } }, { ...agency.principal, actingFor });
      const seen = await call(c.auditList, { creatorId: creator5.user.id }, creator5.principal);
      expect(seen.items[0]).toMatchObject({ id, action: 'rates.updated', actor: { userId: agency.user.id, orgId: agency.organization!.id }, onBehalfOf: creator5.user.id, grantId: g.id });
      // Named as identity's accounts have them: the person, their agency, the creator acted for.
      expect(seen.items[0]).toMatchObject({
        actor: { name: agency.user.name, organization: { id: agency.organization!.id, name: agency.organization!.name, kind: 'agency' } },
        creator: { id: creator5.user.id, name: creator5.user.name },
      });
      // Another agency naming this grant gets nothing written.
      const thief = await signup('manager', { organization: { name: 'Thieves' } });
      expect((await failure(call(c.auditRecord, { action: 'rates.updated', target: { type: 'rate-card', id: creator5.user.id } }, { ...thief.principal, actingFor }))).code).toBe('not_found');
      await call(c.grantsRevoke, { grantId: g.id }, agency.principal);
      expect((await failure(call(c.auditRecord, { action: 'rates.updated', target: { type: 'rate-card', id: creator5.user.id } }, { ...agency.principal, actingFor }))).code).toBe('not_found');
    });
  });

  it('names users and organizations by id for the gateway, leaving out ids it does not know', async () => {
    const creator = await signup('creator');
    const agency = await signup('manager', { organization: { name: 'Namers' } });
    const unknown = randomUUID();
    const names = await call(c.namesResolve, { userIds: [creator.user.id, agency.user.id, unknown], orgIds: [agency.organization!.id, unknown] }, creator.principal);
    expect(names.users).toEqual(expect.arrayContaining([{ id: creator.user.id, name: creator.user.name }, { id: agency.user.id, name: agency.user.name }]));
    expect(names.users).toHaveLength(2);
    expect(names.organizations).toEqual([{ id: agency.organization!.id, name: agency.organization!.name, kind: 'agency' }]);
    expect((await failure(call(c.namesResolve, { userIds: [creator.user.id], orgIds: [] }))).code).toBe('unauthenticated');
  });

  describe('events for other services', () => {
    it('announces every sign-up with the account\'s kind, name and handle', async () => {
      const creator = await signup('creator');
      const registered = await eventually(async () =>
        (await identityEvents()).find((e) => e.subject === userEvents.registered.subject && e.payload.userId === creator.user.id),
      );
      expect(registered.payload).toMatchObject({ kind: 'creator', name: creator.user.name, handle: creator.user.handle });
    });

    it('appends actions other services recorded for a creator in version 1 (still on the streams) to the audit log, once per event', async () => {
      const creator = await signup('creator');
      const agencyId = randomUUID();
      const envelope = buildEnvelope(rosterAuditEvents.recorded, {
        aggregateId: creator.user.id,
        aggregateVersion: 0,
        payload: {
          action: 'rates.updated',
          actor: { userId: randomUUID(), orgId: agencyId },
          orgId: agencyId,
          onBehalfOf: creator.user.id,
          grantId: randomUUID(),
          target: { type: 'rate-card', id: creator.user.id },
          traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
          details: { version: 2 },
          at: new Date().toISOString(),
        },
      });
      const js = jetstream(sut.clientConnection);
      // Twice, as a redelivery would: the entry appears once.
      await js.publish(rosterAuditEvents.recorded.subject, JSON.stringify(envelope), { msgID: randomUUID() });
      await js.publish(rosterAuditEvents.recorded.subject, JSON.stringify(envelope), { msgID: randomUUID() });
      // A later event, consumed in order after both copies, shows the duplicate was handled.
      const marker = buildEnvelope(rosterAuditEvents.recorded, {
        aggregateId: creator.user.id,
        aggregateVersion: 0,
        payload: { ...envelope.payload, action: 'profile.updated' },
      });
      await js.publish(rosterAuditEvents.recorded.subject, JSON.stringify(marker), { msgID: randomUUID() });
      const entries = await eventually(async () => {
        const { items } = await call(c.auditList, { creatorId: creator.user.id }, creator.principal);
        return items.some((e) => e.action === 'profile.updated') && items;
      });
      expect(entries.filter((e) => e.action === 'rates.updated')).toHaveLength(1);
      expect(entries.find((e) => e.action === 'rates.updated')).toMatchObject({
        id: envelope.id,
        onBehalfOf: creator.user.id,
        orgId: agencyId,
        grantId: envelope.payload.grantId,
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        target: { type: 'rate-card', id: creator.user.id },
      });
    });

    it('appends version 2 records, whose actor names the acting organization and its kind, and a clock-made one without a user', async () => {
      const creator = await signup('creator');
      const agencyId = randomUUID();
      const managerId = randomUUID();
      const byAgency = buildEnvelope(auditEvents.negotiation, {
        aggregateId: creator.user.id,
        aggregateVersion: 0,
        payload: {
          action: 'offer.proposed',
          actor: { userId: managerId, name: null, organization: { id: agencyId, name: null, kind: 'agency' } },
          onBehalfOf: creator.user.id,
          grantId: randomUUID(),
          target: { type: 'offer', id: randomUUID() },
          traceId: null,
          details: { version: 2 },
          at: new Date().toISOString(),
        },
      });
      const byClock = buildEnvelope(auditEvents.negotiation, {
        aggregateId: creator.user.id,
        aggregateVersion: 0,
        payload: { ...byAgency.payload, action: 'submission.deemed-approved', actor: { userId: null, name: null, organization: null }, grantId: null },
      });
      const js = jetstream(sut.clientConnection);
      await js.publish(auditEvents.negotiation.subject, JSON.stringify(byAgency), { msgID: randomUUID() });
      await js.publish(auditEvents.negotiation.subject, JSON.stringify(byClock), { msgID: randomUUID() });
      const entries = await eventually(async () => {
        const { items } = await call(c.auditList, { creatorId: creator.user.id }, creator.principal);
        return items.some((e) => e.action === 'submission.deemed-approved') && items;
      });
      expect(entries.find((e) => e.action === 'offer.proposed')).toMatchObject({ id: byAgency.id, actor: { userId: managerId }, orgId: agencyId, onBehalfOf: creator.user.id, grantId: byAgency.payload.grantId });
      expect(entries.find((e) => e.action === 'submission.deemed-approved')).toMatchObject({ id: byClock.id, actor: { userId: null }, orgId: null, grantId: null });
    });
  });

  describe('database guarantees', () => {
    it('refuses to update, delete or truncate the audit log', async () => {
      const { rows } = await db.query('select count(*)::int as n from identity.audit_log');
      expect(rows[0].n).toBeGreaterThan(0);
      await expect(db.query(`update identity.audit_log set action = 'forged'`)).rejects.toThrow(/append-only/);
      await expect(db.query('delete from identity.audit_log')).rejects.toThrow(/append-only/);
      await expect(db.query('truncate identity.audit_log')).rejects.toThrow(/append-only/);
    });

    it('runs identity as a role that owns nothing: with its own credentials the audit log can only be appended to', async () => {
      const service = new pg.Client({ connectionString: sut.serviceDbUrl });
      await service.connect();
      try {
        const { rows } = await service.query(`select current_user as me, tableowner as owner from pg_tables where schemaname = 'identity' and tablename = 'audit_log'`);
        expect(rows[0].me).not.toBe(rows[0].owner);
        await expect(service.query(`update identity.audit_log set action = 'forged'`)).rejects.toThrow(/permission denied/);
        await expect(service.query('delete from identity.audit_log')).rejects.toThrow(/permission denied/);
        await expect(service.query('truncate identity.audit_log')).rejects.toThrow(/permission denied/);
        await expect(service.query('drop trigger "audit_log_no_change" on identity.audit_log')).rejects.toThrow(/must be owner/);
        await expect(service.query('alter table identity.audit_log disable trigger all')).rejects.toThrow(/must be owner/);
        await expect(service.query('drop table identity.audit_log')).rejects.toThrow(/must be owner/);
        // …while the service works normally (every other test in this file ran through this role).
        await expect(service.query('select count(*) from identity.audit_log')).resolves.toBeDefined();
      } finally {
        await service.end();
      }
    });

    it('allows one open grant per creator–agency pair even if the code were bypassed', async () => {
      const { rows } = await db.query(`select agency_id, creator_id, requested_by from identity.delegation_grants where status in ('pending', 'active') limit 1`);
      const g = rows[0];
      const insert = () =>
        db.query(
          `insert into identity.delegation_grants (id, agency_id, creator_id, requested_by, status, scopes, requested_scopes, created_at, updated_at)
           values ($1, $2, $3, $4, 'pending', '[]', '[]', now(), now())`,
          [randomUUID(), g.agency_id, g.creator_id, g.requested_by],
        );
      await expect(insert()).rejects.toThrow(/delegation_grants_open_pair/);
    });
  });

  describe('idempotent commands: a retry with the same key returns the first result, and the effect happens once', () => {
    const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0]!.n;

    /** Holds a lock that makes the service's transaction wait until `release` (the reply then misses a short deadline). */
    async function blockTable(table: string) {
      const blocker = new pg.Client({ connectionString: sut.db.url });
      await blocker.connect();
      await blocker.query('begin');
      await blocker.query(`lock table identity.${table} in exclusive mode`);
      return async () => {
        await blocker.query('commit');
        await blocker.end();
      };
    }

    it('approves a grant once when the retry follows a reply that missed the deadline', async () => {
      const agency = await signup('manager', { organization: { name: 'Retriers' } });
      const creator = await signup('creator');
      const grant = await sut.client.request(c.grantsRequest, { creatorHandle: creator.user.handle!, scopes: ['metrics:read'] }, { principal: agency.principal });
      const key = randomUUID();

      const release = await blockTable('delegation_grants');
      const timedOut = await failure(sut.client.request(c.grantsApprove, { grantId: grant.id }, { principal: creator.principal, idempotencyKey: key, timeoutMs: 300 }));
      expect(timedOut.code).toBe('timeout');
      await release();
      // The first attempt commits after its caller gave up.
      await eventually(async () => (await count('identity.delegation_grants where id = $1 and status = $2', [grant.id, 'active'])) === 1);

      const retried = await sut.client.request(c.grantsApprove, { grantId: grant.id }, { principal: creator.principal, idempotencyKey: key });
      expect(retried).toMatchObject({ id: grant.id, status: 'active', version: 2 });
      expect(await count('identity.audit_log where grant_id = $1 and action = $2', [grant.id, 'grant.approved'])).toBe(1);
      expect(await count(`identity.outbox where subject = $1 and envelope->'payload'->>'grantId' = $2`, ['identity.evt.grant.activated.v1', grant.id])).toBe(1);

      // Without the key the same command is a new one, refused by the grant's state.
      expect((await failure(sut.client.request(c.grantsApprove, { grantId: grant.id }, { principal: creator.principal }))).code).not.toBe('timeout');
    });

    it('signs up once for an anonymous caller whose first reply was lost, returning the same session', async () => {
      const id = unique();
      const payload = { email: `retry-${id}@example.com`, password: `pw-${id}-long-enough`, name: 'Retry', kind: 'creator' as const, handle: `r_${id}`, clientIp: null };
      const key = randomUUID();
      const release = await blockTable('users');
      expect((await failure(sut.client.request(c.signup, payload, { idempotencyKey: key, timeoutMs: 300 }))).code).toBe('timeout');
      await release();
      await eventually(async () => (await count('identity.users where email = $1', [payload.email])) === 1);

      const first = await sut.client.request(c.signup, payload, { idempotencyKey: key });
      const again = await sut.client.request(c.signup, payload, { idempotencyKey: key });
      expect(again).toEqual(first);
      expect(first.user.email).toBe(payload.email);
      expect(await count('identity.users where email = $1', [payload.email])).toBe(1);
      // A different key is a different command: the email is taken by now.
      expect((await failure(sut.client.request(c.signup, payload, { idempotencyKey: randomUUID() }))).code).toBe('conflict');
    });

    it('runs concurrent duplicates once and gives both the first result', async () => {
      const agency = await signup('manager', { organization: { name: 'Racers' } });
      const creator = await signup('creator');
      const key = randomUUID();
      const send = () => sut.client.request(c.grantsRequest, { creatorHandle: creator.user.handle!, scopes: ['metrics:read'] }, { principal: agency.principal, idempotencyKey: key });
      const results = await Promise.all([send(), send(), send()]);
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(await count('identity.delegation_grants where creator_id = $1', [creator.user.id])).toBe(1);
      expect(await count('identity.audit_log where on_behalf_of = $1 and action = $2', [creator.user.id, 'grant.requested'])).toBe(1);
    });

    it('refuses a key reused for another request, and keeps keys apart per caller', async () => {
      const agency = await signup('manager', { organization: { name: 'Reusers' } });
      const other = await signup('manager', { organization: { name: 'Others' } });
      const [creatorA, creatorB] = [await signup('creator'), await signup('creator')];
      const key = randomUUID();
      await sut.client.request(c.grantsRequest, { creatorHandle: creatorA.user.handle!, scopes: ['metrics:read'] }, { principal: agency.principal, idempotencyKey: key });
      const reused = await failure(
        sut.client.request(c.grantsRequest, { creatorHandle: creatorB.user.handle!, scopes: ['metrics:read'] }, { principal: agency.principal, idempotencyKey: key }),
      );
      expect(reused.code).toBe('unprocessable');
      // Another caller's identical key names their own command.
      const theirs = await sut.client.request(c.grantsRequest, { creatorHandle: creatorA.user.handle!, scopes: ['metrics:read'] }, { principal: other.principal, idempotencyKey: key });
      expect(theirs.agencyId).toBe(other.organization!.id);
    });

    it('keeps no usable token at rest: the stored result of a keyed sign-up or refresh is sealed, and a retry still gets it', async () => {
      const id = unique();
      const payload = { email: `sealed-${id}@example.com`, password: `pw-${id}-long-enough`, name: 'Sealed', kind: 'creator' as const, handle: `s_${id}`, clientIp: null };
      const [signupKey, refreshKey] = [randomUUID(), randomUUID()];
      const first = await sut.client.request(c.signup, payload, { idempotencyKey: signupKey });
      const rotated = await sut.client.request(c.refresh, { refreshToken: first.refreshToken, clientIp: null }, { idempotencyKey: refreshKey });

      const { rows: tables } = await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'identity' and table_type = 'BASE TABLE'`);
      expect(tables.map((t) => t.table_name)).toContain('processed_commands');
      const secrets = ['eyJ', first.refreshToken, rotated.refreshToken, signupKey, refreshKey, payload.password];
      for (const { table_name } of tables) {
        const { rows } = await db.query(`select count(*)::int as n from identity."${table_name}" t where t::text like any($1)`, [secrets.map((x) => `%${x}%`)]);
        expect({ table: table_name, rowsHoldingASecret: rows[0].n }).toEqual({ table: table_name, rowsHoldingASecret: 0 });
      }
      expect(await count('identity.processed_commands where subject = any($1)', [[c.signup.subject, c.refresh.subject]])).toBeGreaterThanOrEqual(2);

      await expect(sut.client.request(c.signup, payload, { idempotencyKey: signupKey })).resolves.toEqual(first);
      await expect(sut.client.request(c.refresh, { refreshToken: first.refreshToken, clientIp: null }, { idempotencyKey: refreshKey })).resolves.toEqual(rotated);
      // The replayed pair is the live one: the family was not burnt by the retry.
      await expect(sut.client.request(c.refresh, { refreshToken: rotated.refreshToken, clientIp: null })).resolves.toMatchObject({ tokenType: 'Bearer' });
    });

    it('forgets command results after the retention, and only those', async () => {
      const insert = (key: string, age: string) =>
        db.query(`insert into identity.processed_commands (subject, principal_id, idempotency_key, request_hash, result, processed_at) values ('s', '', $1, 'h', 'null', now() - $2::interval)`, [key, age]);
      const [old, recent] = [randomUUID(), randomUUID()];
      await insert(old, '200 hours');
      await insert(recent, '1 hour');
      await pruneProcessedCommands(sut.service.app.get(MikroORM).em, 'identity', 168 * 3_600_000);
      const { rows } = await db.query('select idempotency_key from identity.processed_commands where idempotency_key = any($1)', [[old, recent]]);
      expect(rows.map((r) => r.idempotency_key)).toEqual([recent]);
    });
  });
});

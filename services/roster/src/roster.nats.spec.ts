import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { Msg } from '@nats-io/transport-node';
import {
  AppError,
  grantEvents,
  profileEvents,
  rateEvents,
  auditEvents,
  commissionEvents,
  rosterContracts as c,
  userEvents,
  type EventContract,
  type GrantEventPayload,
  type GrantFacts,
  type Principal,
  type Scope,
} from '#libs/contracts';
import { buildEnvelope, decodeEvent } from '#libs/messaging';
import { bootService, eventually, principalOfToken, type ServiceUnderTest } from '#libs/testing';
import { rosterApp } from './roster.app.js';
import { Migration20261130050000AnnounceProfiles } from '../migrations/Migration20261130050000_announce_profiles.js';
import { applyGrantEvent } from './roster/identity-events.handlers.js';
import type { GrantEventKind } from './roster/membership.rules.js';

/**
 * Roster on its own, through its NATS subjects and identity's JetStream events, against a real
 * nats-server and PostgreSQL: the roster as a projection of grants, profiles, rate cards.
 * Identity's answer to "which grant is in force now" (asked before a write for a creator) comes
 * from a stand-in on the bus that knows the grants the test gives it.
 */
jest.setTimeout(30_000);

describe('roster over NATS (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  let db: pg.Client;
  let jsm: JetStreamManager;

  /** The grants identity holds in force, by `<agencyId>:<creatorId>`. */
  const inForce = new Map<string, GrantFacts>();
  /** Creators about whom identity does not answer (it is away). */
  const identityAwayFor = new Set<string>();

  beforeAll(async () => {
    sut = await bootService(rosterApp, { NATS_REQUEST_TIMEOUT_MS: '1500' });
    db = await sut.sql();
    jsm = await jetstreamManager(sut.clientConnection);
    sut.clientConnection.subscribe('identity.grants.check.v1', {
      callback: (_err, msg: Msg) => {
        const frame = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string; data: { creatorId: string } };
        const p = principalOfToken(msg.headers!.get('tp-principal'));
        if (identityAwayFor.has(frame.data.creatorId)) return;
        const grant = inForce.get(`${p.orgId}:${frame.data.creatorId}`) ?? null;
        msg.respond(JSON.stringify({ id: frame.id, response: { data: { grant } }, isDisposed: true }));
      },
    });
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
  });

  const AGENCY = randomUUID();
  const OTHER_AGENCY = randomUUID();
  const agency = (role: 'owner' | 'admin' | 'manager' | 'viewer', orgId = AGENCY): Principal => ({
    userId: randomUUID(),
    kind: 'manager',
    orgId,
    orgKind: 'agency',
    role,
  });
  const creatorPrincipal = (id: string): Principal => ({ userId: id, kind: 'creator', orgId: null, orgKind: null, role: null });
  const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: randomUUID(), orgKind: 'brand', role: 'owner' };

  const call = <C extends (typeof c)[keyof typeof c]>(contract: C, payload: Parameters<typeof sut.client.request<C>>[1], principal: Principal) =>
    sut.client.request(contract, payload, { principal });

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a refusal');
      },
      (err: AppError) => err,
    );

  async function publish<C extends EventContract>(contract: C, aggregateId: string, aggregateVersion: number, payload: unknown, id = randomUUID()) {
    const envelope = buildEnvelope(contract, { aggregateId, aggregateVersion, payload: payload as never }, new Date(), id);
    await jetstream(sut.clientConnection).publish(contract.subject, JSON.stringify(envelope), { msgID: `${id}-${randomUUID()}` });
    return envelope;
  }

  const GRANT_CONTRACT: Record<GrantEventKind, EventContract> = {
    activated: grantEvents.activated,
    'scopes-changed': grantEvents.scopesChanged,
    revoked: grantEvents.revoked,
    expired: grantEvents.expired,
  };

  function grantEvent(kind: GrantEventKind, g: { grantId: string; creatorId: string; agencyId?: string; scopes?: Scope[]; handle?: string }, version: number) {
    const payload: GrantEventPayload & { previousScopes?: Scope[] } = {
      grantId: g.grantId,
      agencyId: g.agencyId ?? AGENCY,
      creatorId: g.creatorId,
      status: kind === 'revoked' ? 'revoked' : kind === 'expired' ? 'expired' : 'active',
      scopes: g.scopes ?? ['campaigns:read', 'metrics:read'],
      expiresAt: null,
      actorUserId: null,
      at: new Date(Date.UTC(2026, 10, 20, 0, 0, version)).toISOString(),
      creator: { handle: g.handle ?? `c${g.creatorId.slice(0, 8)}`, name: `Creator ${g.handle ?? g.creatorId.slice(0, 8)}` },
      ...(kind === 'scopes-changed' ? { previousScopes: ['campaigns:read', 'metrics:read', 'rates:write'] as Scope[] } : {}),
    };
    return publish(GRANT_CONTRACT[kind], g.grantId, version, payload);
  }

  async function register(handle: string, name = handle) {
    const userId = randomUUID();
    await publish(userEvents.registered, userId, 1, { userId, kind: 'creator', name, handle, at: new Date().toISOString() });
    await eventually(() => call(c.profileGet, { creatorId: userId }, creatorPrincipal(userId)), 5000);
    return userId;
  }

  async function onRoster(principal: Principal): Promise<string[]> {
    const page = await call(c.entriesList, { limit: 200 }, principal);
    return page.items.map((e) => e.creator.id);
  }

  /** A grant identity has approved; its event may not have reached roster yet. */
  function approvedByIdentity(creatorId: string, scopes: Scope[], agencyId = AGENCY, grantId = randomUUID()) {
    inForce.set(`${agencyId}:${creatorId}`, { id: grantId, agencyId, creatorId, status: 'active', scopes, expiresAt: null });
    return grantId;
  }

  async function activeGrant(creatorId: string, scopes: Scope[], agencyId = AGENCY) {
    const grantId = approvedByIdentity(creatorId, scopes, agencyId);
    await grantEvent('activated', { grantId, creatorId, agencyId, scopes }, 2);
    await eventually(async () => (await onRoster(agency('viewer', agencyId))).includes(creatorId));
    return grantId;
  }

  describe('the roster follows identity\'s grants', () => {
    it('an activated grant puts the creator on the roster; a duplicate changes nothing', async () => {
      const creatorId = randomUUID();
      const grantId = randomUUID();
      const activated = await grantEvent('activated', { grantId, creatorId, handle: 'dup.test' }, 2);
      await eventually(async () => (await onRoster(agency('viewer'))).includes(creatorId));
      // Same event id again (a redelivery past JetStream's dedupe window): the inbox drops it.
      await jetstream(sut.clientConnection).publish(grantEvents.activated.subject, JSON.stringify(activated), { msgID: randomUUID() });
      const { rows } = await db.query(`select count(*)::int as n from roster.roster_memberships where grant_id = $1`, [grantId]);
      expect(rows[0].n).toBe(1);
      const { items } = await call(c.entriesGet, { creatorIds: [creatorId] }, agency('viewer'));
      expect(items).toEqual([expect.objectContaining({ creator: { id: creatorId, handle: 'dup.test', name: 'Creator dup.test' }, grantId, scopes: ['campaigns:read', 'metrics:read'] })]);
      expect(await onRoster(agency('viewer', OTHER_AGENCY))).not.toContain(creatorId);
    });

    it('a revocation that arrives before the activation keeps the creator off the roster', async () => {
      const creatorId = randomUUID();
      const grantId = randomUUID();
      const marker = randomUUID();
      await grantEvent('revoked', { grantId, creatorId }, 3);
      await grantEvent('activated', { grantId, creatorId }, 2);
      // A later grant of another creator shows the consumer got past both.
      await grantEvent('activated', { grantId: randomUUID(), creatorId: marker }, 2);
      await eventually(async () => (await onRoster(agency('viewer'))).includes(marker));
      expect(await onRoster(agency('viewer'))).not.toContain(creatorId);
    });

    it('narrowed scopes and revocation are reflected; an assignment survives narrowing', async () => {
      const creatorId = randomUUID();
      const grantId = randomUUID();
      await grantEvent('activated', { grantId, creatorId, scopes: ['campaigns:read', 'metrics:read', 'rates:write'] }, 2);
      await eventually(async () => (await onRoster(agency('viewer'))).includes(creatorId));
      const manager = agency('manager');
      await call(c.assigneesSet, { creatorId, managerIds: [manager.userId] }, agency('admin'));
      await grantEvent('scopes-changed', { grantId, creatorId, scopes: ['campaigns:read'] }, 3);
      await eventually(async () => (await call(c.entriesGet, { creatorIds: [creatorId] }, agency('viewer'))).items[0]?.scopes.length === 1);
      const filtered = await call(c.entriesList, { limit: 50, assigneeId: manager.userId }, agency('viewer'));
      expect(filtered.items.map((e) => e.creator.id)).toEqual([creatorId]);
      await grantEvent('revoked', { grantId, creatorId, scopes: ['campaigns:read'] }, 4);
      await eventually(async () => !(await onRoster(agency('viewer'))).includes(creatorId));
    });

    it("a new grant after a revocation comes back with the pair's assignees; another agency's grant does not", async () => {
      const creatorId = randomUUID();
      const first = await activeGrant(creatorId, ['campaigns:read']);
      const manager = agency('manager');
      await call(c.assigneesSet, { creatorId, managerIds: [manager.userId] }, agency('owner'));
      await grantEvent('revoked', { grantId: first, creatorId, scopes: ['campaigns:read'] }, 3);
      await eventually(async () => !(await onRoster(agency('viewer'))).includes(creatorId));
      await activeGrant(creatorId, ['campaigns:read', 'metrics:read']);
      const [again] = (await call(c.entriesGet, { creatorIds: [creatorId] }, agency('viewer'))).items;
      expect(again).toMatchObject({ assigneeIds: [manager.userId], scopes: ['campaigns:read', 'metrics:read'] });
      await activeGrant(creatorId, ['campaigns:read'], OTHER_AGENCY);
      expect((await call(c.entriesGet, { creatorIds: [creatorId] }, agency('viewer', OTHER_AGENCY))).items[0]?.assigneeIds).toEqual([]);
    });

    it('only owners and admins assign; a creator not on the roster is 404', async () => {
      const creatorId = randomUUID();
      await activeGrant(creatorId, ['campaigns:read']);
      expect(await refusal(call(c.assigneesSet, { creatorId, managerIds: [] }, agency('manager')))).toMatchObject({ status: 403 });
      expect(await refusal(call(c.assigneesSet, { creatorId, managerIds: [] }, agency('owner', OTHER_AGENCY)))).toMatchObject({ status: 404 });
    });

    it('rebuilding from the stream gives exactly the live rows', async () => {
      const snapshot = async () =>
        (await db.query(`select grant_id, agency_id, creator_id, status, scopes, since, expires_at, ended_at from roster.roster_memberships order by grant_id`)).rows;
      const live = await snapshot();
      expect(live.length).toBeGreaterThan(3);
      await db.query(`delete from roster.roster_memberships; delete from roster.projection_versions`);
      const info = await jsm.streams.info('IDENTITY');
      const orm = sut.service.app.get((await import('@mikro-orm/postgresql')).MikroORM);
      const kinds: Record<string, GrantEventKind> = Object.fromEntries(Object.entries(GRANT_CONTRACT).map(([k, v]) => [v.subject, k as GrantEventKind]));
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const msg = await jsm.streams.getMessage('IDENTITY', { seq });
        const kind = msg ? kinds[msg.subject] : undefined;
        if (!msg || !kind) continue;
        const decoded = decodeEvent(GRANT_CONTRACT[kind], msg.data);
        if (!decoded.ok) throw new Error(decoded.reason);
        await orm.em.fork().transactional((em) => applyGrantEvent(em, kind, decoded.envelope as never));
      }
      expect(await snapshot()).toEqual(live);
    });
  });

  describe('profiles', () => {
    it('exist from sign-up, hidden and available, and the creator edits them', async () => {
      const creatorId = await register('mia.makes', 'Mia Santos');
      const me = creatorPrincipal(creatorId);
      const profile = await call(c.profileGet, { creatorId }, me);
      expect(profile).toMatchObject({ handle: 'mia.makes', name: 'Mia Santos', marketplaceVisible: false, available: true, categories: [] });
      const updated = await call(c.profileUpdate, { creatorId, bio: 'Makeup', categories: ['beauty'], regions: ['US', 'BR'], languages: ['en-us'], marketplaceVisible: true, version: profile.version }, me);
      expect(updated).toMatchObject({ bio: 'Makeup', languages: ['en-US'], marketplaceVisible: true, version: profile.version + 1 });
      expect(await refusal(call(c.profileUpdate, { creatorId, bio: 'stale', version: profile.version }, me))).toMatchObject({ status: 409 });
      // Visible now: brands read it; a stranger agency does not know it exists.
      expect(await call(c.profileGet, { creatorId }, brand)).toMatchObject({ creatorId });
      expect(await refusal(call(c.profileGet, { creatorId }, agency('owner', OTHER_AGENCY)))).toMatchObject({ status: 404 });
      expect(await refusal(call(c.profileUpdate, { creatorId, bio: 'brand edit' }, brand))).toMatchObject({ status: 403 });
    });

    it('refuses unknown codes with field errors', async () => {
      const creatorId = await register('codes.check');
      const err = await refusal(
        sut.client.request(c.profileUpdate, { creatorId, regions: ['XX'], languages: ['english'], categories: ['knitting'] } as never, { principal: creatorPrincipal(creatorId) }),
      );
      expect(err).toMatchObject({ status: 400 });
      expect(err.errors?.map((e) => e.path).sort()).toEqual(['categories.0', 'languages.0', 'regions.0']);
    });

    it('grant holders edit as managers, viewers may only read, and the edit is audited with the grant', async () => {
      const creatorId = await register('managed.one');
      const grantId = await activeGrant(creatorId, ['campaigns:read']);
      const manager = agency('manager');
      await call(c.profileUpdate, { creatorId, bio: 'Edited by my agency' }, manager);
      expect(await refusal(call(c.profileUpdate, { creatorId, bio: 'viewer' }, agency('viewer')))).toMatchObject({ status: 403 });
      const audit = await auditEntries(creatorId);
      expect(audit).toContainEqual(
        expect.objectContaining({ action: 'profile.updated', actor: { userId: manager.userId, name: null, organization: { id: AGENCY, name: null, kind: 'agency' } }, onBehalfOf: creatorId, grantId }),
      );
    });
  });

  describe('profile events', () => {
    /** The profile events of one creator that the relay has published, oldest version first. */
    const profileChanges = (creatorId: string, count: number) =>
      eventually(async () => {
        const { rows } = await db.query(
          `select envelope from roster.outbox where subject = $1 and envelope->>'aggregateId' = $2 and published_at is not null order by (envelope->>'aggregateVersion')::int`,
          [profileEvents.changed.subject, creatorId],
        );
        return rows.length === count ? rows.map((r) => r.envelope) : null;
      });

    it('announces the profile from sign-up and after every change, versioned as the row, and onto the stream', async () => {
      const creatorId = await register('events.maker', 'Eve Maker');
      const [created] = await profileChanges(creatorId, 1);
      expect(created).toMatchObject({
        aggregateId: creatorId,
        aggregateVersion: 1,
        payload: { creatorId, version: 1, handle: 'events.maker', displayName: 'Eve Maker', categories: [], regions: [], marketplaceVisible: false },
      });
      const me = creatorPrincipal(creatorId);
      const updated = await call(c.profileUpdate, { creatorId, categories: ['food', 'travel'], regions: ['MX'], marketplaceVisible: true }, me);
      // Nothing changes: no event.
      await call(c.profileUpdate, { creatorId, categories: ['food', 'travel'] }, me);
      // The account's name changes (identity's grant event carries it): announced too.
      await grantEvent('activated', { grantId: randomUUID(), creatorId, handle: 'events.renamed' }, 1);
      const [, edited, renamed] = await profileChanges(creatorId, 3);
      expect(edited).toMatchObject({
        aggregateVersion: updated.version,
        payload: { version: updated.version, categories: ['food', 'travel'], regions: ['MX'], marketplaceVisible: true, handle: 'events.maker' },
      });
      const now = await call(c.profileGet, { creatorId }, me);
      expect(renamed).toMatchObject({ aggregateVersion: now.version, payload: { handle: 'events.renamed', displayName: 'Creator events.renamed', categories: ['food', 'travel'] } });
      expect(now.version).toBeGreaterThan(updated.version);
      // On the stream, for metrics to read.
      const { state } = await jsm.streams.info('ROSTER');
      const seen: string[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
        const msg = await jsm.streams.getMessage('ROSTER', { seq });
        if (msg?.subject === profileEvents.changed.subject) seen.push(JSON.parse(new TextDecoder().decode(msg.data)).id);
      }
      expect(seen).toEqual(expect.arrayContaining([created.id, edited.id, renamed.id]));
    });

    it('announces, once, a profile that existed before roster published these events (migration)', async () => {
      const creatorId = randomUUID();
      await db.query(
        `insert into roster.creator_profiles (creator_id, handle, name, bio, categories, regions, languages, marketplace_visible, on_vacation_until, created_at, updated_at, version)
         values ($1, 'old.timer', 'Old Timer', '', '["pets"]', '["CA"]', '[]', true, null, now(), '2026-11-20T10:00:00Z', 7)`,
        [creatorId],
      );
      const migration = new Migration20261130050000AnnounceProfiles(null as never, null as never);
      migration.up();
      await db.query('begin');
      try {
        await db.query('set local search_path to roster');
        for (const sql of migration.getQueries()) await db.query(sql as string);
        await db.query('commit');
      } catch (err) {
        await db.query('rollback');
        throw err;
      }
      const [announced] = await profileChanges(creatorId, 1);
      // What a consumer reads off the stream is a valid event of the contract.
      const decoded = decodeEvent(profileEvents.changed, JSON.stringify(announced), 'ROSTER');
      expect(decoded).toMatchObject({
        ok: true,
        envelope: {
          producer: 'roster',
          aggregateId: creatorId,
          aggregateVersion: 7,
          payload: { creatorId, version: 7, handle: 'old.timer', displayName: 'Old Timer', categories: ['pets'], regions: ['CA'], marketplaceVisible: true, changedAt: '2026-11-20T10:00:00.000Z' },
        },
      });
    });
  });

  async function auditEntries(creatorId: string) {
    return eventually(async () => {
      const { rows } = await db.query(`select envelope from roster.outbox where subject = $1`, [auditEvents.roster.subject]);
      const mine = rows.map((r) => r.envelope.payload).filter((p) => p.onBehalfOf === creatorId);
      return mine.length ? mine : null;
    });
  }

  describe('rate cards', () => {
    const card = [
      { deliverable: 'video' as const, price: { amount: 150_000, currency: 'USD' } },
      { deliverable: 'usage_rights_30d' as const, price: { amount: 25_000, currency: 'USD' } },
    ];

    it('versions every write, keeps history, refuses a stale version, and emits the change', async () => {
      const creatorId = await register('rates.owner');
      const me = creatorPrincipal(creatorId);
      expect(await call(c.ratesGet, { creatorId }, me)).toEqual({ creatorId, items: [], version: 0, updatedAt: null });
      const v1 = await call(c.ratesPut, { creatorId, items: card, version: 0 }, me);
      expect(v1.version).toBe(1);
      const raised = [{ ...card[0]!, price: { amount: 175_000, currency: 'USD' } }, card[1]!];
      const grantId = await activeGrant(creatorId, ['rates:write']);
      const manager = agency('manager');
      const v2 = await call(c.ratesPut, { creatorId, items: raised, version: 1 }, manager);
      expect(v2).toMatchObject({ version: 2, items: raised });
      expect(await refusal(call(c.ratesPut, { creatorId, items: card, version: 1 }, me))).toMatchObject({ status: 409 });
      expect(await call(c.ratesGet, { creatorId }, me)).toMatchObject({ version: 2, items: raised });

      const history = await call(c.ratesHistory, { creatorId, limit: 50 }, me);
      expect(history.items).toEqual([
        expect.objectContaining({ version: 2, changedBy: manager.userId, grantId, old: card, new: raised }),
        expect.objectContaining({ version: 1, changedBy: creatorId, grantId: null, old: [], new: card }),
      ]);
      // Who wrote each: the manager for the agency whose grant they used, the creator for themselves (identity names them).
      expect(history.items.map((h) => h.actor)).toEqual([
        { userId: manager.userId, name: null, organization: { id: AGENCY, name: null, kind: 'agency' } },
        { userId: creatorId, name: null, organization: null },
      ]);

      const published = await eventually(async () => {
        const { rows } = await db.query(`select envelope from roster.outbox where subject = $1 and envelope->>'aggregateId' = $2 and published_at is not null`, [
          rateEvents.changed.subject,
          creatorId,
        ]);
        return rows.length === 2 ? rows.map((r) => r.envelope) : null;
      });
      expect(published.map((e) => [e.aggregateVersion, e.payload.items])).toEqual(expect.arrayContaining([[1, card], [2, raised]]));
      expect(await auditEntries(creatorId)).toContainEqual(expect.objectContaining({ action: 'rates.updated', grantId, actor: { userId: manager.userId, name: null, organization: { id: AGENCY, name: null, kind: 'agency' } } }));
    });

    it('a manager without rates:write → 403, a viewer → 403, another agency → 404, and nothing changes', async () => {
      const creatorId = await register('rates.guarded');
      await activeGrant(creatorId, ['campaigns:read', 'metrics:read']);
      const attempt = (p: Principal) => refusal(call(c.ratesPut, { creatorId, items: card, version: 0 }, p));
      expect(await attempt(agency('manager'))).toMatchObject({ status: 403 });
      expect(await attempt(agency('viewer'))).toMatchObject({ status: 403 });
      expect(await attempt(agency('owner', OTHER_AGENCY))).toMatchObject({ status: 404 });
      // Reading needs only the grant.
      expect(await call(c.ratesGet, { creatorId }, agency('viewer'))).toMatchObject({ version: 0 });
      expect(await refusal(call(c.ratesGet, { creatorId }, agency('viewer', OTHER_AGENCY)))).toMatchObject({ status: 404 });
    });

    it("answers in one batch the cards of the agency's roster creators only, with or without a card", async () => {
      const priced = await register('rates.batch.priced');
      const unpriced = await register('rates.batch.unpriced');
      const elsewhere = await register('rates.batch.elsewhere');
      await call(c.ratesPut, { creatorId: priced, items: card, version: 0 }, creatorPrincipal(priced));
      await activeGrant(priced, ['campaigns:read']);
      await activeGrant(unpriced, ['metrics:read']);
      await activeGrant(elsewhere, ['campaigns:read'], OTHER_AGENCY);
      const stranger = randomUUID();
      const batch = await call(c.ratesBatch, { creatorIds: [priced, unpriced, elsewhere, stranger] }, agency('viewer'));
      const byCreator = new Map(batch.items.map((r) => [r.creatorId, r]));
      expect([...byCreator.keys()].sort()).toEqual([priced, unpriced].sort());
      expect(byCreator.get(priced)).toMatchObject({ items: card, version: 1 });
      expect(byCreator.get(unpriced)).toEqual({ creatorId: unpriced, items: [], version: 0, updatedAt: null });
      expect((await call(c.ratesBatch, { creatorIds: [priced, elsewhere] }, agency('owner', OTHER_AGENCY))).items.map((r) => r.creatorId)).toEqual([elsewhere]);
      // A brand or a creator has no roster: nothing, not an error.
      expect((await call(c.ratesBatch, { creatorIds: [priced] }, creatorPrincipal(priced))).items).toEqual([]);
    });

    it("an agency writes for the creator as soon as identity approved its grant, before the grant's event reaches roster", async () => {
      const creatorId = await register('rates.fresh');
      const grantId = approvedByIdentity(creatorId, ['rates:write']);
      const manager = agency('manager');
      // Roster's own copy has no grant yet: a read still answers as to a stranger.
      expect(await refusal(call(c.ratesGet, { creatorId }, manager))).toMatchObject({ status: 404 });
      expect(await call(c.ratesPut, { creatorId, items: card, version: 0 }, manager)).toMatchObject({ version: 1 });
      expect(await call(c.profileUpdate, { creatorId, bio: 'Managed from day one' }, manager)).toMatchObject({ bio: 'Managed from day one' });
      const history = await call(c.ratesHistory, { creatorId, limit: 50 }, creatorPrincipal(creatorId));
      expect(history.items).toEqual([expect.objectContaining({ version: 1, changedBy: manager.userId, grantId })]);
    });

    it("a grant identity revoked stops writes before the revocation's event reaches roster; identity away → 503", async () => {
      const creatorId = await register('rates.revoked');
      await activeGrant(creatorId, ['rates:write']);
      inForce.delete(`${AGENCY}:${creatorId}`);
      const manager = agency('manager');
      expect(await refusal(call(c.ratesPut, { creatorId, items: card, version: 0 }, manager))).toMatchObject({ status: 404 });
      expect(await refusal(call(c.profileUpdate, { creatorId, bio: 'After revocation' }, manager))).toMatchObject({ status: 404 });
      identityAwayFor.add(creatorId);
      expect(await refusal(call(c.ratesPut, { creatorId, items: card, version: 0 }, manager))).toMatchObject({ status: 503 });
      // The creator's own write needs no grant, so identity is not asked.
      expect(await call(c.ratesPut, { creatorId, items: card, version: 0 }, creatorPrincipal(creatorId))).toMatchObject({ version: 1 });
      expect((await call(c.ratesHistory, { creatorId, limit: 50 }, creatorPrincipal(creatorId))).items).toHaveLength(1);
    });

    it('refuses a card that prices a deliverable twice or mixes currencies', async () => {
      const creatorId = await register('rates.invalid');
      const err = await refusal(
        call(c.ratesPut, { creatorId, items: [card[0]!, { deliverable: 'live', price: { amount: 1, currency: 'EUR' } }], version: 0 }, creatorPrincipal(creatorId)),
      );
      expect(err).toMatchObject({ status: 400, errors: [{ path: 'items.1.price.currency' }] });
    });
  });

  it('finds creators for a brand by name or handle: visible ones by any part, any one by its exact handle, first', async () => {
    const seen = await register('find.sunny', 'Sunny Sides');
    const hidden = await register('find.hidden', 'Sunny Hidden');
    const other = await register('find.other', 'Rainy Days');
    for (const id of [seen, other]) await call(c.profileUpdate, { creatorId: id, marketplaceVisible: true }, creatorPrincipal(id));
    const find = (q: string) => call(c.profilesFind, { q, limit: 10 }, brand).then((r) => r.items.map((i) => i.id));
    expect(await find('sunny')).toEqual([seen]);
    expect(await find('FIND.')).toEqual([other, seen]);
    // A hidden creator is found only by the handle it gave out, with or without its @.
    expect(await find('@find.hidden')).toEqual([hidden]);
    expect(await call(c.profilesFind, { q: 'find.hidden', limit: 10 }, brand)).toEqual({ items: [{ id: hidden, handle: 'find.hidden', displayName: 'Sunny Hidden' }] });
    // `%` and `_` are literal.
    expect(await find('%')).toEqual([]);
    expect(await refusal(call(c.profilesFind, { q: 'sunny', limit: 10 }, agency('owner')))).toMatchObject({ status: 403 });
  });

  describe('commission', () => {
    it('the owner/admin versions it; members and the creator read it and its history; each version is published', async () => {
      const creatorId = randomUUID();
      const grantId = await activeGrant(creatorId, ['metrics:read']);
      const owner = agency('owner');
      const admin = agency('admin');
      const share = randomUUID();
      expect(await call(c.commissionGet, { creatorId }, agency('viewer'))).toEqual({ creatorId, agencyId: AGENCY, percent: 0, splits: [], version: 0, updatedAt: null, updatedBy: null });
      const v1 = await call(c.commissionPut, { creatorId, percent: 15, splits: [], version: 0 }, owner);
      expect(v1).toMatchObject({ agencyId: AGENCY, percent: 15, version: 1, updatedBy: owner.userId });
      const v2 = await call(c.commissionPut, { creatorId, percent: 20.5, splits: [{ userId: share, percent: 25 }], version: 1 }, admin);
      expect(v2).toMatchObject({ percent: 20.5, splits: [{ userId: share, percent: 25 }], version: 2 });
      // The same terms again make no version; a stale version is a conflict.
      expect(await call(c.commissionPut, { creatorId, percent: 20.5, splits: [{ userId: share, percent: 25 }], version: 2 }, owner)).toMatchObject({ version: 2 });
      expect(await refusal(call(c.commissionPut, { creatorId, percent: 10, splits: [], version: 1 }, owner))).toMatchObject({ status: 409 });

      const me = creatorPrincipal(creatorId);
      expect(await call(c.commissionGet, { creatorId }, me)).toMatchObject({ agencyId: AGENCY, percent: 20.5, version: 2 });
      const history = await call(c.commissionHistory, { creatorId, limit: 50 }, me);
      expect(history.items.map((h) => [h.version, h.percent, h.changedBy])).toEqual([
        [2, 20.5, admin.userId],
        [1, 15, owner.userId],
      ]);

      const published = await eventually(async () => {
        const { rows } = await db.query(`select envelope from roster.outbox where subject = $1 and envelope->'payload'->>'creatorId' = $2 and published_at is not null`, [commissionEvents.changed.subject, creatorId]);
        return rows.length === 2 ? rows.map((r) => r.envelope) : null;
      });
      expect(published.map((e) => [e.aggregateVersion, e.payload.percent, e.payload.agencyId])).toEqual(expect.arrayContaining([[1, 15, AGENCY], [2, 20.5, AGENCY]]));
      expect(new Set(published.map((e) => e.aggregateId)).size).toBe(1);
      expect(await auditEntries(creatorId)).toContainEqual(expect.objectContaining({ action: 'commission.updated', grantId }));
    });

    it('managers, viewers and the creator may not set it (403); another agency and strangers get 404; bad shares are 400', async () => {
      const creatorId = randomUUID();
      await activeGrant(creatorId, ['metrics:read', 'offers:negotiate']);
      const attempt = (p: Principal) => refusal(call(c.commissionPut, { creatorId, percent: 10, splits: [], version: 0 }, p));
      expect(await attempt(agency('manager'))).toMatchObject({ status: 403 });
      expect(await attempt(agency('viewer'))).toMatchObject({ status: 403 });
      expect(await attempt(creatorPrincipal(creatorId))).toMatchObject({ status: 403 });
      expect(await attempt(agency('owner', OTHER_AGENCY))).toMatchObject({ status: 404 });
      expect(await attempt(brand)).toMatchObject({ status: 404 });
      expect(await refusal(call(c.commissionGet, { creatorId }, agency('viewer', OTHER_AGENCY)))).toMatchObject({ status: 404 });
      expect(await refusal(call(c.commissionGet, { creatorId, agencyId: OTHER_AGENCY }, agency('viewer')))).toMatchObject({ status: 404 });
      expect(await refusal(call(c.commissionGet, { creatorId }, creatorPrincipal(randomUUID())))).toMatchObject({ status: 404 });
      const userId = randomUUID();
      const tooMuch = await refusal(call(c.commissionPut, { creatorId, percent: 10, splits: [{ userId, percent: 60 }, { userId: randomUUID(), percent: 41 }], version: 0 }, agency('owner')));
      expect(tooMuch).toMatchObject({ status: 400 });
      expect(await refusal(call(c.commissionPut, { creatorId, percent: 10.001, splits: [], version: 0 }, agency('owner')))).toMatchObject({ status: 400 });
      const { rows } = await db.query(`select count(*)::int as n from roster.commissions where creator_id = $1`, [creatorId]);
      expect(rows[0].n).toBe(0);
    });
  });

  describe("the creator card's roster parts (one request)", () => {
    const rates = [{ deliverable: 'video' as const, price: { amount: 90_000, currency: 'USD' } }];

    it('answers the profile and the rate card as their own subjects do, and only the parts asked for', async () => {
      const creatorId = await register('card.parts');
      const me = creatorPrincipal(creatorId);
      await call(c.ratesPut, { creatorId, items: rates, version: 0 }, me);
      const [profile, card] = await Promise.all([call(c.profileGet, { creatorId }, me), call(c.ratesGet, { creatorId }, me)]);
      expect(await call(c.cardGet, { creatorId, parts: ['profile', 'rates'] }, me)).toEqual({ creatorId, profile, rates: card });
      expect(await call(c.cardGet, { creatorId, parts: ['profile'] }, me)).toEqual({ creatorId, profile, rates: null });
      expect(await call(c.cardGet, { creatorId, parts: ['rates'] }, me)).toEqual({ creatorId, profile: null, rates: card });
    });

    it("decides each part from the agency's grant: any grant reads both, another agency and a revoked grant get 404", async () => {
      const creatorId = await register('card.grant');
      const grantId = await activeGrant(creatorId, ['campaigns:read']);
      const viewer = agency('viewer');
      expect(await call(c.cardGet, { creatorId, parts: ['profile', 'rates'] }, viewer)).toMatchObject({ profile: { creatorId }, rates: { creatorId, version: 0, items: [] } });
      expect(await refusal(call(c.cardGet, { creatorId, parts: ['profile', 'rates'] }, agency('owner', OTHER_AGENCY)))).toMatchObject({ status: 404 });
      await grantEvent('revoked', { grantId, creatorId, scopes: ['campaigns:read'] }, 3);
      await eventually(async () => !(await onRoster(viewer)).includes(creatorId));
      expect(await refusal(call(c.cardGet, { creatorId, parts: ['profile', 'rates'] }, viewer))).toMatchObject({ status: 404 });
    });

    it('an unknown creator is 404 to everyone, the same as a creator a brand may not see', async () => {
      const unknown = randomUUID();
      for (const who of [creatorPrincipal(unknown), agency('owner'), brand]) {
        expect(await refusal(call(c.cardGet, { creatorId: unknown, parts: ['profile', 'rates'] }, who))).toMatchObject({ status: 404 });
      }
      const creatorId = await register('card.brand');
      expect(await refusal(call(c.cardGet, { creatorId, parts: ['profile', 'rates'] }, brand))).toMatchObject({ status: 404 });
      await call(c.profileUpdate, { creatorId, marketplaceVisible: true }, creatorPrincipal(creatorId));
      expect(await call(c.cardGet, { creatorId, parts: ['profile', 'rates'] }, brand)).toMatchObject({ profile: { creatorId, marketplaceVisible: true }, rates: { version: 0 } });
    });

    it('refuses an empty or unknown list of parts', async () => {
      const creatorId = await register('card.badparts');
      const me = creatorPrincipal(creatorId);
      expect(await refusal(call(c.cardGet, { creatorId, parts: [] }, me))).toMatchObject({ status: 400 });
      expect(await refusal(call(c.cardGet, { creatorId, parts: ['metrics'] } as never, me))).toMatchObject({ status: 400 });
    });
  });

  it('tells whether creators are visible to brands', async () => {
    const hidden = await register('vis.hidden');
    const unknown = randomUUID();
    const res = await call(c.visibility, { creatorIds: [hidden, unknown] }, brand);
    expect(res.items).toEqual([
      { creatorId: hidden, marketplaceVisible: false },
      { creatorId: unknown, marketplaceVisible: false },
    ]);
  });
});

import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  campaignsContracts,
  metricsContracts,
  metricsRosterContracts,
  type Audience,
  type CreatorCard,
  type CreatorKpis,
  type RateCard,
  type RosterPage,
} from '#libs/contracts';
import { cursorCodec } from '#libs/persistence';
import { z } from 'zod';
import { rankPage } from '../../services/metrics/src/figures/figures.rules.js';
import { eventually, publishGrantedCreators } from '#libs/testing';
import { Downstream } from '../../services/gateway/src/downstream/downstream.js';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { answer, wiretap, type FakeResponder } from './support/fake-service.js';
import { approveGrant, bearer, expectStatus, join, requestGrant, ROOMY_LIMITS, signup, type Actor } from './security/support.js';

/** Stand-in figures, derived from the id so every creator differs. */
function kpisFor(creatorId: string, window: CreatorKpis['window'] = 'last30v'): CreatorKpis {
  const n = parseInt(creatorId.slice(0, 6), 16);
  return {
    creatorId,
    window,
    asOf: '2026-11-23T06:00:00.000Z',
    followers: 1_000 + (n % 1_000_000),
    followerGrowthRate: null,
    videos: 30,
    avgViews: 1000,
    medianViews: 900,
    sixSecondViewRate: 0.4,
    completionRate: 0.2,
    engagementRate: (n % 1000) / 10_000,
    views: 30_000,
    engagements: { likes: 100, comments: 10, shares: 5 },
    provenance: { from: '2026-10-01T00:00:00.000Z', to: '2026-11-23T06:00:00.000Z', videosCounted: 30, observationsCounted: 30, formulaVersion: 'test' },
  };
}
const figuresFor = (creatorId: string) => ({ creatorId, followers: kpisFor(creatorId).followers, engagementRate: kpisFor(creatorId).engagementRate });
/** The stand-in's ranking: metrics' own rules over the stand-in figures, with a cursor of its own. */
const rankCursor = cursorCodec(z.object({ value: z.number().nullable(), creatorId: z.uuid() }));
const audienceFor = (creatorId: string): Audience => ({ creatorId, asOf: '2026-11-23T06:00:00.000Z', ages: { '18-24': 1 }, genders: null, countries: { US: 1 }, devices: null });
const countsFor = (creatorId: string) => ({ creatorId, pending: 2, active: 1, completed: 5, inactive: 0 });

/**
 * The roster, profiles, rate cards and the composed card through the gateway, with identity and
 * roster running for real; metrics and campaigns answer through stand-ins on the real bus (their
 * own services are not part of this stack), so each can be stopped independently.
 */
describe('roster, rate cards and the creator card (through the gateway)', () => {
  const stack = useStack({ services: ['identity', 'roster'], env: { ...ROOMY_LIMITS, CARD_SECTION_TIMEOUT_MS: '5000' } });
  let api: GatewayClient;
  let nc: NatsConnection;
  let owner: Actor;
  let manager: Actor;
  let viewer: Actor;
  let creator: Actor;
  let limited: Actor;
  let otherAgency: Actor;
  let grantId: string;
  let metrics: FakeResponder[] = [];

  const startMetrics = () => {
    metrics = [
      answer(nc, metricsContracts.cardGet, (p) => ({ kpis: kpisFor(p.creatorId, p.window), audience: audienceFor(p.creatorId) })),
      answer(nc, metricsContracts.kpisGet, (p) => kpisFor(p.creatorId, p.window)),
      answer(nc, metricsContracts.audienceGet, (p) => audienceFor(p.creatorId)),
      answer(nc, metricsRosterContracts.figuresBatch, (p) => ({ items: p.creatorIds.map(figuresFor) })),
      answer(nc, metricsRosterContracts.figuresRank, (p) => {
        const { items, next } = rankPage(p.creatorIds.map(figuresFor), p.sort, p.limit, rankCursor.decode(p.cursor));
        return { items, nextCursor: next && rankCursor.encode(next) };
      }),
    ];
  };
  const stopMetrics = () => Promise.all(metrics.map((m) => m.stop()));

  const onRoster = async (actor: Actor, creatorId: string) =>
    ((await api.get<RosterPage>('/v1/roster?limit=200', { headers: bearer(actor) })).body.items ?? []).some((e) => e.creator.id === creatorId);

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    nc = await stack().nats.connect();
    startMetrics();
    answer(nc, campaignsContracts.countsBatch, (p) => ({ items: p.creatorIds.map(countsFor) }));
    owner = await signup(api, 'manager', { org: 'Roster Agency' });
    [manager, viewer, creator, limited, otherAgency] = await Promise.all([
      signup(api, 'manager'),
      signup(api, 'manager'),
      signup(api, 'creator', { name: 'Ana Creator' }),
      signup(api, 'creator', { name: 'Bea Limited' }),
      signup(api, 'manager', { org: 'Other Agency' }),
    ]);
    manager = await join(api, owner, manager, 'manager');
    viewer = await join(api, owner, viewer, 'viewer');
    grantId = (await approveGrant(api, creator, (await requestGrant(api, owner, creator, ['campaigns:read', 'metrics:read', 'rates:write'])).id)).id;
    await approveGrant(api, limited, (await requestGrant(api, owner, limited, ['campaigns:read'])).id);
    await eventually(async () => (await onRoster(viewer, creator.user.id)) && (await onRoster(viewer, limited.user.id)), 10_000);
  }, 120_000);
  afterAll(async () => {
    await nc?.close();
  });

  describe('rate cards', () => {
    const card = [
      { deliverable: 'video', price: { amount: 150_000, currency: 'USD' } },
      { deliverable: 'usage_rights_30d', price: { amount: 25_000, currency: 'USD' } },
    ];

    it('versions each write (If-Match or version), refuses a stale one with 409, and keeps every change', async () => {
      const path = `/v1/creators/${creator.user.id}/rates`;
      const first = expectStatus(await api.request<RateCard>('PUT', path, { headers: { ...bearer(creator), 'if-match': '"0"' }, json: { items: card } }), 200, 'first write');
      expect(first.body).toMatchObject({ version: 1, items: card });
      const raised = [{ ...card[0], price: { amount: 175_000, currency: 'USD' } }, card[1]];
      expectStatus(await api.request('PUT', path, { headers: bearer(manager), json: { items: raised, version: 1 } }), 200, 'manager write');
      const stale = await api.request('PUT', path, { headers: bearer(creator), json: { items: card, version: 1 } });
      expect(stale.status).toBe(409);
      expect((await api.get<RateCard>(path, { headers: bearer(viewer) })).body).toMatchObject({ version: 2, items: raised });

      const history = await api.get<{ items: { version: number; changedBy: string; grantId: string | null; old: unknown; new: unknown }[] }>(`${path}/history`, { headers: bearer(creator) });
      expect(history.body.items).toEqual([
        expect.objectContaining({ version: 2, changedBy: manager.user.id, grantId, old: card, new: raised }),
        expect.objectContaining({ version: 1, changedBy: creator.user.id, grantId: null, old: [], new: card }),
      ]);
      // Who changed it, named: the manager with their agency, the creator on their own.
      expect(history.body.items.map((h) => (h as unknown as { actor: unknown }).actor)).toEqual([
        { userId: manager.user.id, name: manager.user.name, organization: { id: manager.organization!.id, name: manager.organization!.name, kind: 'agency' } },
        { userId: creator.user.id, name: creator.user.name, organization: null },
      ]);
    });

    it('a manager without rates:write → 403, a viewer → 403, another agency → 404', async () => {
      const write = (actor: Actor, creatorId: string) => api.request('PUT', `/v1/creators/${creatorId}/rates`, { headers: bearer(actor), json: { items: card, version: 0 } });
      expect((await write(manager, limited.user.id)).status).toBe(403);
      expect((await write(viewer, creator.user.id)).status).toBe(403);
      expect((await write(otherAgency, creator.user.id)).status).toBe(404);
    });

    it("puts each write in the creator's audit log with the grant used", async () => {
      const entries = await eventually(async () => {
        const res = await api.get<{ items: { action: string; actor: { userId: string }; onBehalfOf: string; grantId: string | null }[] }>(
          `/v1/audit?creatorId=${creator.user.id}`,
          { headers: bearer(creator) },
        );
        const rates = res.body.items.filter((e) => e.action === 'rates.updated');
        return rates.length === 2 && rates;
      }, 10_000);
      expect(entries).toContainEqual(expect.objectContaining({ actor: expect.objectContaining({ userId: manager.user.id }), onBehalfOf: creator.user.id, grantId }));
      // Named by identity: the manager, their agency, and the creator acted for.
      expect(entries).toContainEqual(
        expect.objectContaining({
          actor: { userId: manager.user.id, orgId: manager.organization!.id, name: manager.user.name, organization: { id: manager.organization!.id, name: manager.organization!.name, kind: 'agency' } },
          creator: { id: creator.user.id, name: creator.user.name },
        }),
      );
      expect(entries).toContainEqual(expect.objectContaining({ actor: expect.objectContaining({ userId: creator.user.id }), grantId: null }));
    });
  });

  describe('profiles', () => {
    it('the creator and a managing agency edit it; codes are validated with field errors', async () => {
      const path = `/v1/creators/${creator.user.id}/profile`;
      const mine = await api.request('PATCH', path, { headers: bearer(creator), json: { categories: ['beauty'], regions: ['US'], languages: ['en-us'], marketplaceVisible: true } });
      expect(expectStatus(mine, 200, 'creator edit').body).toMatchObject({ handle: creator.user.handle, languages: ['en-US'], marketplaceVisible: true });
      expectStatus(await api.request('PATCH', path, { headers: bearer(manager), json: { bio: 'Managed by Roster Agency' } }), 200, 'manager edit');
      expect((await api.request('PATCH', path, { headers: bearer(viewer), json: { bio: 'viewer' } })).status).toBe(403);
      const bad = await api.request<{ errors: { path: string }[] }>('PATCH', path, { headers: bearer(creator), json: { regions: ['XX'], languages: ['english'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e) => e.path).sort()).toEqual(['languages.0', 'regions.0']);
    });
  });

  describe('the composed creator card', () => {
    const cardOf = (actor: Actor, creatorId = creator.user.id) => api.get<CreatorCard>(`/v1/creators/${creatorId}/card`, { headers: bearer(actor) });

    it('with every service up: every section, nothing degraded, and Server-Timing per section', async () => {
      const res = expectStatus(await cardOf(manager), 200, 'card');
      expect(res.body).toMatchObject({
        creatorId: creator.user.id,
        profile: { handle: creator.user.handle, bio: 'Managed by Roster Agency' },
        rates: { version: 2 },
        metrics: { followers: kpisFor(creator.user.id).followers, window: 'last30v' },
        audience: { countries: { US: 1 } },
        campaigns: { pending: 2, active: 1, completed: 5, inactive: 0 },
        degraded: [],
      });
      const timing = res.headers.get('server-timing') ?? '';
      for (const section of ['profile', 'rates', 'metrics', 'audience', 'campaigns']) expect(timing).toMatch(new RegExp(`${section};dur=\\d`));
    });

    it('answers a revalidation of an unchanged card with 304 and no body, per principal; a rate edit gives a new ETag', async () => {
      const first = expectStatus(await cardOf(manager), 200, 'card');
      const tag = first.headers.get('etag');
      expect(tag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      // Never kept by a shared cache, and revalidated before every use.
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      expect(first.headers.get('vary')?.toLowerCase()).toContain('authorization');

      const cardIfNoneMatch = (actor: Actor, etag: string) =>
        api.get<CreatorCard>(`/v1/creators/${creator.user.id}/card`, { headers: { ...bearer(actor), 'if-none-match': etag } });
      const unchanged = await cardIfNoneMatch(manager, tag!);
      expect(unchanged.status).toBe(304);
      expect(unchanged.text).toBe('');
      expect(unchanged.headers.get('etag')).toBe(tag);

      // The owner sees the same card, but the manager's tag does not validate the owner's copy.
      const owners = expectStatus(await cardIfNoneMatch(owner, tag!), 200, "another principal with the manager's tag");
      expect(owners.body.creatorId).toBe(creator.user.id);
      expect(owners.headers.get('etag')).not.toBe(tag);

      // A section route revalidates the same way.
      const ratesPath = `/v1/creators/${creator.user.id}/rates`;
      const rates = expectStatus(await api.get<RateCard>(ratesPath, { headers: bearer(manager) }), 200, 'rates');
      const ratesTag = rates.headers.get('etag')!;
      expect((await api.get(ratesPath, { headers: { ...bearer(manager), 'if-none-match': ratesTag } })).status).toBe(304);

      const raised = rates.body.items.map((item) => ({ ...item, price: { ...item.price, amount: item.price.amount + 100 } }));
      expectStatus(await api.request('PUT', ratesPath, { headers: bearer(creator), json: { items: raised, version: rates.body.version } }), 200, 'rate edit');
      const edited = expectStatus(await cardIfNoneMatch(manager, tag!), 200, 'card after the rate edit');
      expect(edited.body.rates).toMatchObject({ version: rates.body.version + 1, items: raised });
      expect(edited.headers.get('etag')).not.toBe(tag);
      expect((await cardIfNoneMatch(manager, edited.headers.get('etag')!)).status).toBe(304);
      expectStatus(await api.get(ratesPath, { headers: { ...bearer(manager), 'if-none-match': ratesTag } }), 200, 'rates after the edit');
    });

    it('leaves out what the caller may not see, without degrading (a grant without metrics:read)', async () => {
      const metricsCalls = metrics[0]!.calls;
      const res = expectStatus(await cardOf(viewer, limited.user.id), 200, 'card');
      expect(res.body).toMatchObject({ metrics: null, audience: null, rates: { version: 0 }, campaigns: { active: 1 }, degraded: [] });
      // Sections the caller may not see are not asked for: metrics is not called at all.
      expect(metrics[0]!.calls).toBe(metricsCalls);
    });

    it('with metrics stopped: 200, the metrics sections null and named in degraded', async () => {
      await stopMetrics();
      const res = expectStatus(await cardOf(manager), 200, 'card');
      expect(res.body.metrics).toBeNull();
      expect(res.body.audience).toBeNull();
      expect(res.body.degraded).toEqual(['metrics', 'audience']);
      expect(res.body.profile).not.toBeNull();
      expect(res.body.campaigns).not.toBeNull();
    });

    it('with the breaker open: answers at once from the breaker, making no metrics call', async () => {
      const downstream = stack().gateway().app.get(Downstream);
      await eventually(async () => {
        await cardOf(manager);
        return downstream.breakerStates()['metrics.card.get.v1'] === 'open';
      }, 10_000, 0);
      startMetrics(); // metrics is back, but the breaker has not let a trial call through yet
      const res = expectStatus(await cardOf(manager), 200, 'card');
      expect(res.body.degraded).toContain('metrics');
      expect(downstream.breakerStates()['metrics.card.get.v1']).toBe('open');
      expect(metrics[0]!.calls).toBe(0);
    });

    it('with roster stopped: 200, the profile and the rates null and named in degraded, the other services still answering', async () => {
      await stack().stopService('roster');
      try {
        const res = expectStatus(await cardOf(manager), 200, 'card');
        expect(res.body).toMatchObject({ profile: null, rates: null, campaigns: { pending: 2, active: 1, completed: 5, inactive: 0 } });
        expect(res.body.degraded).toEqual(expect.arrayContaining(['profile', 'rates']));
        expect(res.body.degraded).not.toContain('campaigns');
      } finally {
        await stack().startService('roster');
      }
    });
  });

  describe('the roster', () => {
    it('DELETE /v1/roster/{creatorId} ends the grant through identity and the creator leaves the roster', async () => {
      const leaving = await signup(api, 'creator');
      await approveGrant(api, leaving, (await requestGrant(api, owner, leaving, ['campaigns:read'])).id);
      await eventually(() => onRoster(owner, leaving.user.id), 10_000);
      expect((await api.request('DELETE', `/v1/roster/${leaving.user.id}`, { headers: bearer(manager) })).status).toBe(403);
      expect((await api.request('DELETE', `/v1/roster/${leaving.user.id}`, { headers: bearer(owner) })).status).toBe(204);
      await eventually(async () => !(await onRoster(owner, leaving.user.id)), 10_000);
      const grants = await api.get<{ items: { creatorId: string; status: string }[] }>('/v1/delegations?status=revoked', { headers: bearer(leaving) });
      expect(grants.body.items).toContainEqual(expect.objectContaining({ creatorId: leaving.user.id, status: 'revoked' }));
    });

    it('assigns managers (owner/admin) and filters by assignee, category and text', async () => {
      const put = await api.request('PUT', `/v1/roster/${creator.user.id}/assignees`, { headers: bearer(owner), json: { managerIds: [manager.user.id] } });
      expectStatus(put, 200, 'assign');
      const notMember = await api.request<{ errors: { path: string }[] }>('PUT', `/v1/roster/${creator.user.id}/assignees`, {
        headers: bearer(owner),
        json: { managerIds: [otherAgency.user.id] },
      });
      expect(notMember.status).toBe(422);
      const ids = async (query: string) => (await api.get<RosterPage>(`/v1/roster?${query}`, { headers: bearer(viewer) })).body.items.map((e) => e.creator.id);
      expect(await ids(`assigneeId=${manager.user.id}`)).toEqual([creator.user.id]);
      expect(await ids('category=beauty')).toEqual([creator.user.id]);
      expect(await ids('q=bea')).toEqual([limited.user.id]);
    });

    it("the owner assigns another member by id; another agency's owner cannot touch the assignment", async () => {
      const admin = await join(api, owner, await signup(api, 'manager'), 'admin');
      const assignees = (actor: Actor) => api.request<{ assigneeIds: string[] }>('PUT', `/v1/roster/${limited.user.id}/assignees`, { headers: bearer(actor), json: { managerIds: [admin.user.id, manager.user.id] } });
      expect(expectStatus(await assignees(owner), 200, 'owner assigns').body.assigneeIds).toEqual([admin.user.id, manager.user.id]);
      expect((await assignees(otherAgency)).status).toBe(404);
      expect((await assignees(manager)).status).toBe(403);
      const entry = (await api.get<RosterPage>(`/v1/roster?assigneeId=${admin.user.id}`, { headers: bearer(viewer) })).body.items;
      expect(entry.map((e) => [e.creator.id, e.assigneeIds])).toEqual([[limited.user.id, [admin.user.id, manager.user.id]]]);
      // A viewer, who may not list the members, still reads who manages the creator by name.
      expect(entry[0]!.assignees).toEqual([
        { userId: admin.user.id, name: admin.user.name },
        { userId: manager.user.id, name: manager.user.name },
      ]);
      // Ordered by a metric, the names are asked for before the page's entries are read: the same names.
      const ranked = (await api.get<RosterPage>(`/v1/roster?assigneeId=${admin.user.id}&sort=followers`, { headers: bearer(viewer) })).body.items;
      expect(ranked.map((e) => [e.creator.id, e.assignees])).toEqual([[limited.user.id, entry[0]!.assignees]]);
    });

    it('revoking and granting the same agency again keeps the assignments', async () => {
      const returning = await signup(api, 'creator');
      const first = await approveGrant(api, returning, (await requestGrant(api, owner, returning, ['campaigns:read'])).id);
      await eventually(() => onRoster(owner, returning.user.id), 10_000);
      expectStatus(await api.request('PUT', `/v1/roster/${returning.user.id}/assignees`, { headers: bearer(owner), json: { managerIds: [manager.user.id] } }), 200, 'assign');
      expectStatus(await api.request('POST', `/v1/delegations/${first.id}/revoke`, { headers: bearer(returning), json: {} }), 200, 'revoke');
      await eventually(async () => !(await onRoster(owner, returning.user.id)), 10_000);

      await approveGrant(api, returning, (await requestGrant(api, owner, returning, ['campaigns:read', 'metrics:read'])).id);
      await eventually(() => onRoster(owner, returning.user.id), 10_000);
      const mine = (await api.get<RosterPage>(`/v1/roster?assigneeId=${manager.user.id}`, { headers: bearer(manager) })).body.items;
      expect(mine.find((e) => e.creator.id === returning.user.id)).toMatchObject({ assigneeIds: [manager.user.id], scopes: ['campaigns:read', 'metrics:read'] });
    });

    it('a page of 200 creators makes one call per service, never one per creator', async () => {
      // 200 more creators join the roster through identity's own events (sign-up and grant activation).
      const agencyId = owner.organization!.id;
      const extra = Array.from({ length: 200 }, (_, i) => ({ userId: randomUUID(), grantId: randomUUID(), handle: `bulk_${i}_${randomUUID().slice(0, 6)}` }));
      await publishGrantedCreators(nc, agencyId, extra);
      // The consumer applies events in order: the last one on the roster means all are.
      await eventually(() => onRoster(owner, extra[199]!.userId), 90_000, 200);

      const tap = wiretap(nc, ['roster.>', 'metrics.>', 'campaigns.>', 'identity.>']);
      // The server has the tap's subscriptions before the first call (under load it missed one).
      await tap.flush();
      try {
        const page = expectStatus(await api.get<RosterPage>('/v1/roster?limit=200', { headers: bearer(owner) }), 200, 'roster page');
        await tap.flush();
        expect(page.body.items).toHaveLength(200);
        expect(page.body.degraded).toEqual([]);
        const sample = page.body.items.find((e) => e.creator.id === extra[0]!.userId) ?? page.body.items[0]!;
        expect(sample.summary).toEqual({ followers: kpisFor(sample.creator.id).followers, engagementRate: kpisFor(sample.creator.id).engagementRate, activeCampaigns: 1, pendingOffers: 2 });
        // The assignees' names, when the page has any, in one call too.
        const naming = page.body.items.some((e) => e.assigneeIds.length) ? { 'identity.names.resolve.v1': 1 } : {};
        expect(Object.fromEntries(tap.counts)).toEqual({ 'roster.entries.list.v1': 1, 'metrics.figures.batch.v1': 1, 'campaigns.counts.batch.v1': 1, ...naming });

        // Ordered by a metric: metrics ranks every matching creator in one call, then only the page is read.
        tap.reset();
        const byFollowers = expectStatus(await api.get<RosterPage>('/v1/roster?limit=50&sort=followers', { headers: bearer(owner) }), 200, 'by followers');
        await tap.flush();
        const followers = byFollowers.body.items.map((e) => e.summary.followers ?? -1);
        expect(followers).toEqual([...followers].sort((a, b) => b - a));
        expect(byFollowers.body.nextCursor).not.toBeNull();
        expect(byFollowers.body.items).toHaveLength(50);
        expect(tap.counts.get('metrics.figures.rank.v1')).toBe(1);
        expect(tap.total()).toBeLessThanOrEqual(1 + 1 + 1 + 1 + 1); // ids, ranking, entries, counts, names
      } finally {
        tap.stop();
      }
    }, 180_000);

    it('pages by followers through the whole roster: every creator once, highest first across pages, the same creators as by name', async () => {
      const walk = async (sort: string) => {
        const rows: RosterPage['items'] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: RosterPage = expectStatus(await api.get<RosterPage>(`/v1/roster?limit=50&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer(owner) }), 200, `${sort} page ${pages}`).body;
          expect(page.degraded).toEqual([]);
          rows.push(...page.items);
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 20);
        return { rows, pages };
      };
      const byFollowers = await walk('followers');
      const byName = await walk('name');
      expect(byFollowers.pages).toBeGreaterThan(1);
      const ids = byFollowers.rows.map((e) => e.creator.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(byName.rows.map((e) => e.creator.id).sort());
      const followers = byFollowers.rows.map((e) => e.summary.followers ?? -1);
      expect(followers).toEqual([...followers].sort((a, b) => b - a));
    }, 120_000);
  });
});

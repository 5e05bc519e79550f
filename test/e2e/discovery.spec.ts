import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { CreatorKpis, DiscoveredCreator } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { bearer, expectStatus, problemOf, ROOMY_LIMITS, signup, type Actor } from './security/support.js';

jest.setTimeout(120_000);

const ADMIN = `ops-${randomUUID().slice(0, 8)}@example.com`;

type Page = { items: DiscoveredCreator[]; nextCursor: string | null };

/**
 * Marketplace discovery through the gateway on the whole platform: creators edit their profile
 * in roster, a connector ingests their figures, and brands find the visible ones (and read
 * their metrics) while hidden ones stay unknown to them.
 */
describe('marketplace discovery through the gateway', () => {
  const stack = useStack({ env: { ...ROOMY_LIMITS, PLATFORM_ADMINS: ADMIN } });
  let api: GatewayClient;
  let visible: Actor;
  let hidden: Actor;
  let brand: Actor;
  let agency: Actor;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    const res = await api.post<Actor>('/v1/auth/signup', { json: { email: ADMIN, password: `pw-${randomUUID()}`, name: 'Ops', kind: 'manager' } });
    const admin = expectStatus(res, 201, 'admin signup').body;
    [visible, hidden, brand, agency] = await Promise.all([
      signup(api, 'creator', { name: 'Vera Visible' }),
      signup(api, 'creator'),
      signup(api, 'brand', { org: 'Brand' }),
      signup(api, 'manager', { org: 'Agency' }),
    ]);
    const profile = { categories: ['beauty', 'fashion'], regions: ['US'], marketplaceVisible: true };
    // Roster creates a profile from identity's sign-up event, a moment after the sign-up answered.
    const edit = (actor: Actor, json: unknown) =>
      eventually(async () => (await api.request('PATCH', `/v1/creators/${actor.user.id}/profile`, { headers: bearer(actor), json })).status === 200, 30_000);
    await edit(visible, profile);
    await edit(hidden, { categories: ['beauty'] });

    const key = expectStatus(await api.post<{ key: string }>('/v1/api-keys', { headers: bearer(admin), json: { name: 'connector', scopes: ['metrics:ingest'] } }), 201).body.key;
    const observedAt = new Date(Date.now() - 60_000).toISOString();
    const ingest = (kind: string, records: unknown[]) => api.post(`/v1/ingest/${kind}`, { headers: { 'x-api-key': key }, json: { records } });
    const creators = [visible, hidden];
    expectStatus(await ingest('followers', creators.map((c, i) => ({ observationId: randomUUID(), creatorId: c.user.id, observedAt, followers: 40_000 + i }))), 202);
    expectStatus(
      await ingest(
        'videos',
        creators.map((c) => ({
          observationId: randomUUID(),
          creatorId: c.user.id,
          videoId: 'v1',
          postedAt: new Date(Date.now() - 86_400_000).toISOString(),
          observedAt,
          views: 10_000,
          sixSecondViews: 5_000,
          completedViews: 1_000,
          likes: 600,
          comments: 0,
          shares: 0,
          avgWatchSeconds: 7,
        })),
      ),
      202,
    );
    const countries = { US: 0.6, CA: 0.25, GB: 0.15 };
    expectStatus(
      await ingest('audience', creators.map((c) => ({ observationId: randomUUID(), creatorId: c.user.id, observedAt, ages: { '18-24': 1 }, genders: { female: 1 }, countries }))),
      202,
    );
  }, 120_000);

  const discover = (query: string, actor: Actor | null = brand) => api.get<Page>(`/v1/creators?${query}`, { headers: actor ? bearer(actor) : {} });

  it('finds visible creators by category and audience country, never hidden ones', async () => {
    const page = await eventually(async () => {
      const r = await discover('category=beauty&country=US&minFollowers=10000');
      return r.status === 200 && r.body.items.length > 0 && r.body.items[0]!.engagementRate !== null && r.body.items[0]!.countryShare !== null ? r.body : null;
    }, 60_000);
    expect(page).toEqual({
      items: [
        {
          creatorId: visible.user.id,
          handle: visible.user.handle,
          displayName: 'Vera Visible',
          categories: ['beauty', 'fashion'],
          followers: 40_000,
          followerBand: '10k-100k',
          engagementRate: 0.06,
          medianViews: 10_000,
          countryShare: 0.6,
          topCountries: [
            { country: 'US', share: 0.6 },
            { country: 'CA', share: 0.25 },
            { country: 'GB', share: 0.15 },
          ],
          signals: [],
        },
      ],
      nextCursor: null,
    });
    expect(expectStatus(await discover('category=fashion&sort=engagementRate&limit=5'), 200).body.items.map((i) => i.creatorId)).toEqual([visible.user.id]);
    expect(expectStatus(await discover('country=US&minCountryShare=0.7'), 200).body.items).toEqual([]);
  });

  it("lets a brand read a visible creator's metrics and audience; a hidden one is 404 like an unknown id", async () => {
    const kpis = expectStatus(await api.get<CreatorKpis>(`/v1/creators/${visible.user.id}/metrics`, { headers: bearer(brand) }), 200).body;
    expect(kpis).toMatchObject({ creatorId: visible.user.id, followers: 40_000 });
    expectStatus(await api.get(`/v1/creators/${visible.user.id}/audience`, { headers: bearer(brand) }), 200);
    const unknown = problemOf(await api.get(`/v1/creators/${randomUUID()}/metrics`, { headers: bearer(brand) }), 404);
    expect(problemOf(await api.get(`/v1/creators/${hidden.user.id}/metrics`, { headers: bearer(brand) }), 404)).toEqual(unknown);
    problemOf(await api.get(`/v1/creators/${hidden.user.id}/audience`, { headers: bearer(brand) }), 404);
  });

  it('is for brand members only, and refuses bad queries with field errors', async () => {
    problemOf(await discover('', agency), 403);
    problemOf(await discover('', visible), 403);
    problemOf(await discover('', null), 401);
    const bad = problemOf(await discover('country=usa&minFollowers=many&limit=500&sort=name&minCountryShare=2'), 400) as { errors?: { path: string }[] };
    expect([...new Set(bad.errors?.map((e) => e.path))].sort()).toEqual(['country', 'limit', 'minCountryShare', 'minFollowers', 'sort']);
    expect((problemOf(await discover('cursor=nope'), 400) as { errors?: { path: string }[] }).errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });
});

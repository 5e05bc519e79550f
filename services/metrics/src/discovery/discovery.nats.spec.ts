import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { metricsContracts as c, metricsRosterContracts, type AudienceSnapshot, type DiscoveredCreator, type FollowerSnapshot, type Principal, type RequestOf, type VideoObservation } from '#libs/contracts';
import { appErrorOf, bootService, eventually, type ServiceUnderTest } from '#libs/testing';
import { metricsApp } from '../metrics.app.js';
import { publishGrant, publishObservations, publishProfile } from '../metrics.test-support.js';

jest.setTimeout(60_000);

const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: randomUUID(), orgKind: 'brand', role: 'viewer' };

interface Seed {
  handle: string;
  categories: string[];
  followers?: number;
  engagementRate?: number;
  countries?: Record<string, number>;
  visible?: boolean;
}

/**
 * Marketplace discovery and brands' reads, fed roster's profile events and ingestion's
 * observations over a real nats-server and PostgreSQL, read through metrics' NATS subjects.
 */
describe('marketplace discovery (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  const ids: Record<string, string> = {};
  const observedAt = new Date(Date.now() - 60_000).toISOString();

  const seeds: Seed[] = [
    { handle: 'ana', categories: ['beauty', 'fashion'], followers: 500_000, engagementRate: 0.05, countries: { US: 0.5, MX: 0.3, CA: 0.1, BR: 0.1 } },
    { handle: 'bo', categories: ['fashion'], followers: 50_000, engagementRate: 0.09, countries: { US: 0.05, BR: 0.95 } },
    // Followers but no video yet: no engagement rate.
    { handle: 'cy', categories: ['beauty'], followers: 2_000_000, countries: { US: 0.2, GB: 0.8 } },
    { handle: 'gus', categories: ['gaming'], followers: 10_000, engagementRate: 0.02 },
    { handle: 'hidden', categories: ['beauty'], followers: 1_000_000, engagementRate: 0.07, countries: { US: 1 }, visible: false },
    // Visible, but metrics holds no figure for them.
    { handle: 'nofigures', categories: ['beauty'] },
    // No category: listed, never under a category filter.
    { handle: 'uncat', categories: [], followers: 20_000, engagementRate: 0.03 },
  ];

  const discover = (q: Partial<RequestOf<typeof c.creatorsDiscover>> = {}, principal = brand) => sut.client.request(c.creatorsDiscover, q as never, { principal });
  const handles = (items: DiscoveredCreator[]) => items.map((i) => i.handle);

  beforeAll(async () => {
    sut = await bootService(metricsApp, { BENCHMARK_INTERVAL_MS: '3600000' });
    const videos: VideoObservation[] = [];
    const followers: FollowerSnapshot[] = [];
    const audience: AudienceSnapshot[] = [];
    for (const s of seeds) {
      const creatorId = (ids[s.handle] = randomUUID());
      await publishProfile(sut.clientConnection, { creatorId, version: 1, handle: s.handle, displayName: s.handle.toUpperCase(), categories: s.categories as never, marketplaceVisible: s.visible ?? true });
      if (s.followers !== undefined) followers.push({ observationId: randomUUID(), creatorId, observedAt, followers: s.followers });
      if (s.engagementRate !== undefined) {
        videos.push({
          observationId: randomUUID(),
          creatorId,
          videoId: `${s.handle}-1`,
          postedAt: new Date(Date.now() - 86_400_000).toISOString(),
          observedAt,
          views: 100_000,
          sixSecondViews: 50_000,
          completedViews: 10_000,
          likes: Math.round(s.engagementRate * 100_000),
          comments: 0,
          shares: 0,
          avgWatchSeconds: 8,
        });
      }
      if (s.countries) audience.push({ observationId: randomUUID(), creatorId, observedAt, ages: { '18-24': 1 }, genders: { female: 1 }, countries: s.countries });
    }
    await publishObservations(sut.clientConnection, { videos, followers, audience });
    await eventually(async () => (await discover()).items.length === 5 && (await discover({ country: 'US' })).items.length === 2);
  }, 60_000);
  afterAll(async () => sut?.close());

  it('lists visible creators with figures, most followers first, and never a hidden one', async () => {
    const { items, nextCursor } = await discover();
    expect(handles(items)).toEqual(['cy', 'ana', 'bo', 'uncat', 'gus']);
    expect(nextCursor).toBeNull();
    expect(items[1]).toEqual({
      creatorId: ids.ana,
      handle: 'ana',
      displayName: 'ANA',
      categories: ['beauty', 'fashion'],
      followers: 500_000,
      followerBand: '100k-1m',
      engagementRate: expect.closeTo(0.05, 12),
      medianViews: 100_000,
      countryShare: null,
      topCountries: [
        { country: 'US', share: 0.5 },
        { country: 'MX', share: 0.3 },
        { country: 'BR', share: 0.1 },
      ],
      signals: [],
    });
    expect(items[0]).toMatchObject({ handle: 'cy', engagementRate: null, medianViews: null, followerBand: '1m-10m' });
    expect(items[4]).toMatchObject({ handle: 'gus', topCountries: [] });
  });

  it('filters by any listed category, audience country share, followers and engagement rate', async () => {
    expect(handles((await discover({ category: 'beauty' })).items)).toEqual(['cy', 'ana']);
    expect(handles((await discover({ category: 'fashion' })).items)).toEqual(['ana', 'bo']);
    expect(handles((await discover({ category: 'travel' })).items)).toEqual([]);
    const us = await discover({ country: 'US' });
    expect(us.items.map((i) => [i.handle, i.countryShare])).toEqual([
      ['cy', 0.2],
      ['ana', 0.5],
    ]);
    expect(handles((await discover({ country: 'US', minCountryShare: 0.05 })).items)).toEqual(['cy', 'ana', 'bo']);
    expect(handles((await discover({ country: 'US', minCountryShare: 0.3 })).items)).toEqual(['ana']);
    expect(handles((await discover({ minFollowers: 50_000 })).items)).toEqual(['cy', 'ana', 'bo']);
    expect(handles((await discover({ minEngagementRate: 0.05 })).items)).toEqual(['ana', 'bo']);
    expect(handles((await discover({ category: 'beauty', country: 'US', minFollowers: 1_000_000 })).items)).toEqual(['cy']);
  });

  it("follows each creator's newest audience snapshot, whatever order snapshots arrive in", async () => {
    const snapshot = (countries: Record<string, number>, hoursAgo: number): AudienceSnapshot => ({
      observationId: randomUUID(),
      creatorId: ids.gus!,
      observedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      ages: { '18-24': 1 },
      genders: { male: 1 },
      countries,
    });
    await publishObservations(sut.clientConnection, { audience: [snapshot({ JP: 0.7, US: 0.3 }, 1)] });
    await eventually(async () => handles((await discover({ country: 'JP' })).items).includes('gus'));
    // An older snapshot, delivered late, changes nothing.
    await publishObservations(sut.clientConnection, { audience: [snapshot({ KR: 1 }, 5)] });
    await publishObservations(sut.clientConnection, { audience: [snapshot({ JP: 0.2, KR: 0.8 }, 0.5)] });
    await eventually(async () => handles((await discover({ country: 'KR' })).items).includes('gus'));
    expect((await discover({ country: 'KR' })).items).toEqual([expect.objectContaining({ handle: 'gus', countryShare: 0.8, topCountries: [{ country: 'KR', share: 0.8 }, { country: 'JP', share: 0.2 }] })]);
    expect(handles((await discover({ country: 'JP', minCountryShare: 0.5 })).items)).toEqual([]);
  });

  it('sorts by engagement rate, creators without one last', async () => {
    expect(handles((await discover({ sort: 'engagementRate' })).items)).toEqual(['bo', 'ana', 'uncat', 'gus', 'cy']);
  });

  it('pages with a cursor through exactly the same list, in either order', async () => {
    for (const sort of ['followers', 'engagementRate'] as const) {
      const all = handles((await discover({ sort })).items);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await discover({ sort, limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        paged.push(...handles(page.items));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(paged).toEqual(all);
    }
    const first = await discover({ limit: 1 });
    expect(await appErrorOf(discover({ sort: 'engagementRate', cursor: first.nextCursor! }))).toMatchObject({ code: 'validation', errors: [{ path: 'cursor' }] });
    expect(await appErrorOf(discover({ cursor: 'garbage' }))).toMatchObject({ code: 'validation', errors: [{ path: 'cursor' }] });
  });

  it('refuses bad filters with field errors', async () => {
    const err = await appErrorOf(discover({ country: 'USA', limit: 101, minFollowers: -1, category: 'knitting' } as never));
    expect(err).toMatchObject({ code: 'validation' });
    expect([...new Set(err.errors?.map((e) => e.path))].sort()).toEqual(['category', 'country', 'limit', 'minFollowers']);
    expect((await appErrorOf(discover({ minCountryShare: 0.2 }))).errors).toEqual([expect.objectContaining({ path: 'minCountryShare' })]);
  });

  it('is for brands only: agencies and creators are refused (403)', async () => {
    const agency: Principal = { userId: randomUUID(), kind: 'manager', orgId: randomUUID(), orgKind: 'agency', role: 'owner' };
    const creator: Principal = { userId: ids.ana!, kind: 'creator', orgId: null, orgKind: null, role: null };
    expect((await appErrorOf(discover({}, agency))).code).toBe('forbidden');
    expect((await appErrorOf(discover({}, creator))).code).toBe('forbidden');
  });

  it("lets brands read a visible creator's metrics and audience, 404 for a hidden one, and follows a change of visibility", async () => {
    const kpis = (creatorId: string) => sut.client.request(c.kpisGet, { creatorId, window: 'last30v' }, { principal: brand });
    expect(await kpis(ids.ana!)).toMatchObject({ creatorId: ids.ana, followers: 500_000 });
    expect(await sut.client.request(c.audienceGet, { creatorId: ids.ana! }, { principal: brand })).toMatchObject({ countries: { US: 0.5 } });
    expect((await appErrorOf(kpis(ids.hidden!))).code).toBe('not_found');
    expect((await appErrorOf(sut.client.request(c.audienceGet, { creatorId: ids.hidden! }, { principal: brand }))).code).toBe('not_found');
    expect((await appErrorOf(kpis(randomUUID()))).code).toBe('not_found');
    const batch = await sut.client.request(metricsRosterContracts.figuresBatch, { creatorIds: [ids.hidden!, ids.ana!, ids.bo!] }, { principal: brand });
    expect(batch.items.map((i) => i.creatorId)).toEqual([ids.ana, ids.bo]);
    // An agency with a grant still reads a hidden creator: visibility is about brands only.
    const agencyId = randomUUID();
    await publishGrant(sut.clientConnection, 'activated', { grantId: randomUUID(), agencyId, creatorId: ids.hidden!, scopes: ['metrics:read'], version: 1 });
    const agent: Principal = { userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role: 'viewer' };
    await eventually(async () => (await sut.client.request(c.kpisGet, { creatorId: ids.hidden!, window: 'last30v' }, { principal: agent })).followers === 1_000_000);

    // Bo hides; an older event arriving late does not show them again.
    await publishProfile(sut.clientConnection, { creatorId: ids.bo!, version: 3, handle: 'bo', categories: ['fashion'], marketplaceVisible: false });
    await eventually(async () => (await appErrorOf(kpis(ids.bo!))).code === 'not_found');
    await publishProfile(sut.clientConnection, { creatorId: ids.bo!, version: 2, handle: 'bo', categories: ['fashion'], marketplaceVisible: true });
    await publishProfile(sut.clientConnection, { creatorId: ids.hidden!, version: 2, handle: 'hidden', categories: ['beauty'], marketplaceVisible: true });
    await eventually(async () => handles((await discover()).items).includes('hidden'));
    expect(handles((await discover()).items)).toEqual(['cy', 'hidden', 'ana', 'uncat', 'gus']);
    expect((await appErrorOf(kpis(ids.bo!))).code).toBe('not_found');
  });
});

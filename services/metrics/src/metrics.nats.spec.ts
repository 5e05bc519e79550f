import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { metricsContracts as c, type Principal } from '#libs/contracts';
import { bootService, eventually, appErrorOf, seededRandom, syntheticCreator, withPgClient, type ServiceUnderTest } from '#libs/testing';
import { metricsApp } from './metrics.app.js';
import { BenchmarkScheduler } from './benchmarks/benchmark.scheduler.js';
import { directKpis, publishGrant, publishObservations, publishProfile } from './metrics.test-support.js';

jest.setTimeout(60_000);

const creatorPrincipal = (creatorId: string): Principal => ({ userId: creatorId, kind: 'creator', orgId: null, orgKind: null, role: null });
const agencyPrincipal = (orgId: string, role: Principal['role'] = 'manager'): Principal => ({ userId: randomUUID(), kind: 'manager', orgId, orgKind: 'agency', role });

/**
 * Metrics on its own, fed the events it consumes (as ingestion and identity publish them)
 * over a real nats-server and PostgreSQL, read through its NATS subjects.
 */
describe('metrics (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  const now = () => new Date();

  beforeAll(async () => {
    sut = await bootService(metricsApp, { BENCHMARK_INTERVAL_MS: '3600000' });
  }, 60_000);
  afterAll(async () => sut?.close());

  const kpis = (creatorId: string, window: 'last30v' | '7d' | '30d' | '90d' = 'last30v', principal = creatorPrincipal(creatorId)) =>
    sut.client.request(c.kpisGet, { creatorId, window }, { principal });
  /** Waits until the ingestion consumer has applied everything published before (it applies in order). */
  const observationsSettled = async () => {
    const creatorId = randomUUID();
    await publishObservations(sut.clientConnection, { followers: [{ observationId: randomUUID(), creatorId, observedAt: new Date().toISOString(), followers: 1 }] });
    await eventually(async () => (await kpis(creatorId)).followers === 1);
  };
  /** The same for the grant consumer. */
  const grantsSettled = async () => {
    const creatorId = randomUUID();
    const agencyId = randomUUID();
    await publishGrant(sut.clientConnection, 'activated', { grantId: randomUUID(), agencyId, creatorId, scopes: ['metrics:read'], version: 1 });
    await eventually(async () => (await kpis(creatorId, 'last30v', agencyPrincipal(agencyId))).creatorId === creatorId);
  };
  const failure = (p: Promise<unknown>) => appErrorOf(p);

  it('serves KPIs equal to a direct computation over the same observations, in every window, with matching provenance', async () => {
    const until = new Date(Date.now() - 3_600_000);
    const creator = syntheticCreator(seededRandom(42), { videos: 80, observationsPerVideo: 12, until, days: 120 });
    // Shuffled: rollups must not depend on arrival order.
    const rng = seededRandom(43);
    const videos = [...creator.videos].sort(() => rng() - 0.5);
    await publishObservations(sut.clientConnection, { videos, followers: creator.followers });
    await observationsSettled();
    for (const window of ['last30v', '7d', '30d', '90d'] as const) {
      const got = await kpis(creator.creatorId, window);
      const want = directKpis(creator.videos, creator.followers, window, now());
      expect({ ...got, provenance: undefined, benchmarks: undefined }).toEqual({
        window,
        creatorId: creator.creatorId,
        asOf: want.asOf,
        followers: want.followers,
        followerGrowthRate: want.followerGrowthRate === null ? null : expect.closeTo(want.followerGrowthRate, 12),
        videos: want.videos,
        views: want.views,
        avgViews: want.avgViews === null ? null : expect.closeTo(want.avgViews, 9),
        medianViews: want.medianViews,
        sixSecondViewRate: want.sixSecondViewRate === null ? null : expect.closeTo(want.sixSecondViewRate, 12),
        completionRate: want.completionRate === null ? null : expect.closeTo(want.completionRate, 12),
        engagementRate: want.engagementRate === null ? null : expect.closeTo(want.engagementRate, 12),
        engagements: want.engagements,
        provenance: undefined,
        benchmarks: undefined,
        // A steady generated history: nothing to flag, and only the card's window carries signals.
        signals: window === 'last30v' ? [] : undefined,
      });
      expect(got.provenance).toMatchObject({ videosCounted: want.videos, observationsCounted: want.observationsCounted, formulaVersion: expect.any(String) });
      expect(Date.parse(got.provenance.to)).toBeGreaterThanOrEqual(Date.parse(got.asOf!));
    }
    expect((await kpis(creator.creatorId)).videos).toBe(30);
  });

  it('applies a redelivered event once and converges whatever the order of observations', async () => {
    const creatorId = randomUUID();
    const at = (h: number) => new Date(Date.now() - (48 - h) * 3_600_000).toISOString();
    const base = { creatorId, videoId: 'v1', postedAt: at(0), sixSecondViews: 0, completedViews: 0, likes: 10, comments: 0, shares: 0, avgWatchSeconds: 3 };
    const newest = { ...base, observationId: randomUUID(), observedAt: at(30), views: 900 };
    const older = { ...base, observationId: randomUUID(), observedAt: at(10), views: 300 };
    const [first] = await publishObservations(sut.clientConnection, { videos: [newest] });
    await eventually(async () => (await kpis(creatorId)).views === 900);
    await publishObservations(sut.clientConnection, { videos: [older] });
    await eventually(async () => (await kpis(creatorId)).provenance.observationsCounted === 2);
    // The first event again, as a relay re-sending it after JetStream's dedup window would.
    const jsm = await jetstreamManager(sut.clientConnection);
    const { state } = await jsm.streams.info('METRICS_INGESTION');
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage('METRICS_INGESTION', { seq });
      if (JSON.parse(new TextDecoder().decode(msg!.data)).id === first) {
        await jetstream(sut.clientConnection).publish(msg!.subject, msg!.data, { msgID: randomUUID() });
      }
    }
    await observationsSettled();
    const k = await kpis(creatorId);
    expect(k).toMatchObject({ views: 900, videos: 1, asOf: newest.observedAt, engagements: { likes: 10, comments: 0, shares: 0 } });
    expect(k.provenance.observationsCounted).toBe(2);

  });

  it('has nulls, never NaN, for a creator without data or without views', async () => {
    const creatorId = randomUUID();
    const empty = await kpis(creatorId, '30d');
    expect(empty).toMatchObject({ asOf: null, followers: null, followerGrowthRate: null, videos: 0, views: 0, avgViews: null, medianViews: null, engagementRate: null });
    expect(empty.provenance).toMatchObject({ videosCounted: 0, observationsCounted: 0 });
    await publishObservations(sut.clientConnection, {
      videos: [{ observationId: randomUUID(), creatorId, videoId: 'quiet', postedAt: new Date(Date.now() - 7_200_000).toISOString(), observedAt: new Date(Date.now() - 3_600_000).toISOString(), views: 0, sixSecondViews: 0, completedViews: 0, likes: 0, comments: 0, shares: 0, avgWatchSeconds: 0 }],
      followers: [{ observationId: randomUUID(), creatorId, observedAt: new Date(Date.now() - 3_600_000).toISOString(), followers: 0 }],
    });
    await eventually(async () => (await kpis(creatorId)).videos === 1);
    expect(await kpis(creatorId)).toMatchObject({ followers: 0, followerGrowthRate: null, videos: 1, views: 0, avgViews: 0, medianViews: 0, sixSecondViewRate: null, completionRate: null, engagementRate: null });
  });

  it('serves the latest audience snapshot', async () => {
    const creator = syntheticCreator(seededRandom(5), { videos: 0, observationsPerVideo: 1, until: new Date(Date.now() - 3_600_000), days: 1 });
    const older = { ...creator.audience[0]!, observationId: randomUUID(), observedAt: new Date(Date.now() - 86_400_000 * 3).toISOString(), genders: { female: 1 } };
    expect(await sut.client.request(c.audienceGet, { creatorId: creator.creatorId }, { principal: creatorPrincipal(creator.creatorId) })).toEqual({
      creatorId: creator.creatorId,
      asOf: null,
      ages: null,
      genders: null,
      countries: null,
      devices: null,
    });
    await publishObservations(sut.clientConnection, { audience: creator.audience });
    await publishObservations(sut.clientConnection, { audience: [older] });
    await observationsSettled();
    const a = creator.audience[0]!;
    expect(await sut.client.request(c.audienceGet, { creatorId: creator.creatorId }, { principal: creatorPrincipal(creator.creatorId) })).toEqual({
      creatorId: creator.creatorId,
      asOf: a.observedAt,
      ages: a.ages,
      genders: a.genders,
      countries: a.countries,
      devices: a.devices,
    });
  });

  it('lets the creator and agencies granted metrics:read read; others get 404, a grant without the scope 403', async () => {
    const creatorId = randomUUID();
    const agency = randomUUID();
    const grant = { grantId: randomUUID(), agencyId: agency, creatorId, scopes: ['campaigns:read' as const], version: 1 };
    const agent = agencyPrincipal(agency);
    expect((await failure(kpis(creatorId, 'last30v', agent))).code).toBe('not_found');
    expect((await failure(sut.client.request(c.audienceGet, { creatorId }, { principal: agent }))).code).toBe('not_found');
    await publishGrant(sut.clientConnection, 'activated', grant);
    await eventually(async () => (await failure(kpis(creatorId, 'last30v', agent))).code === 'forbidden');
    await publishGrant(sut.clientConnection, 'scopesChanged', { ...grant, scopes: ['campaigns:read', 'metrics:read'], version: 2 });
    await eventually(async () => (await kpis(creatorId, 'last30v', agent)).creatorId === creatorId);
    // An older event arriving late changes nothing.
    await publishGrant(sut.clientConnection, 'activated', grant);
    await grantsSettled();
    expect((await kpis(creatorId, 'last30v', agent)).creatorId).toBe(creatorId);
    expect((await failure(kpis(creatorId, 'last30v', agencyPrincipal(randomUUID())))).code).toBe('not_found');
    const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: randomUUID(), orgKind: 'brand', role: 'owner' };
    expect((await failure(kpis(creatorId, 'last30v', brand))).code).toBe('not_found');
    expect((await failure(kpis(creatorId, 'last30v', creatorPrincipal(randomUUID())))).code).toBe('not_found');
    await publishGrant(sut.clientConnection, 'revoked', { ...grant, version: 3 });
    await eventually(async () => (await failure(kpis(creatorId, 'last30v', agent))).code === 'not_found');
  });

  describe("the creator card's metrics parts (one request)", () => {
    const card = (creatorId: string, principal: Principal) => sut.client.request(c.cardGet, { creatorId, window: 'last30v' }, { principal });
    /** The same answer but for the moment it was computed at. */
    const timeless = <T extends { provenance: { to: string } }>(k: T) => ({ ...k, provenance: { ...k.provenance, to: 'now' } });

    it('answers the KPIs and the audience as their own subjects do', async () => {
      const creator = syntheticCreator(seededRandom(11), { videos: 3, observationsPerVideo: 2, until: new Date(Date.now() - 3_600_000), days: 5 });
      await publishObservations(sut.clientConnection, { videos: creator.videos, followers: creator.followers, audience: creator.audience });
      await observationsSettled();
      const me = creatorPrincipal(creator.creatorId);
      const [both, alone, audience] = await Promise.all([card(creator.creatorId, me), kpis(creator.creatorId, 'last30v', me), sut.client.request(c.audienceGet, { creatorId: creator.creatorId }, { principal: me })]);
      expect(both.kpis.videos).toBe(3);
      expect({ kpis: timeless(both.kpis), audience: both.audience }).toEqual({ kpis: timeless(alone), audience });
      // A creator metrics has not heard of yet reads empty parts of their own card.
      const fresh = randomUUID();
      expect(await card(fresh, creatorPrincipal(fresh))).toMatchObject({ kpis: { creatorId: fresh, followers: null, videos: 0 }, audience: { creatorId: fresh, asOf: null } });
    });

    it('one metrics:read check for both: 404 to strangers and unknown creators, 403 to a grant without the scope', async () => {
      const creatorId = randomUUID();
      const agency = randomUUID();
      const agent = agencyPrincipal(agency);
      const grant = { grantId: randomUUID(), agencyId: agency, creatorId, scopes: ['campaigns:read' as const], version: 1 };
      expect((await failure(card(creatorId, agent))).code).toBe('not_found');
      await publishGrant(sut.clientConnection, 'activated', grant);
      await eventually(async () => (await failure(card(creatorId, agent))).code === 'forbidden');
      await publishGrant(sut.clientConnection, 'scopesChanged', { ...grant, scopes: ['campaigns:read', 'metrics:read'], version: 2 });
      await eventually(async () => (await card(creatorId, agent)).kpis.creatorId === creatorId);
      expect((await failure(card(creatorId, agencyPrincipal(randomUUID())))).code).toBe('not_found');
      const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: randomUUID(), orgKind: 'brand', role: 'owner' };
      expect((await failure(card(creatorId, brand))).code).toBe('not_found');
      expect((await failure(card(randomUUID(), agent))).code).toBe('not_found');
    });
  });

  it('benchmarks a creator against a hand-built cohort of its follower band and primary category', async () => {
    // Five beauty creators of the 10m-plus band (no other test's creator is that big), engagement 2 %, 4 %, 6 %, 8 %, 10 %;
    // two more of the band list no category (3 %, 7 %), and one lists gaming (9 %).
    const rates = [0.02, 0.04, 0.06, 0.08, 0.1, 0.03, 0.07, 0.09];
    const cohort = rates.map(() => randomUUID());
    const categories = (i: number) => (i < 5 ? (['beauty', 'fitness'] as const) : i === 7 ? (['gaming'] as const) : ([] as const));
    for (const [i, creatorId] of cohort.entries()) {
      await publishProfile(sut.clientConnection, { creatorId, version: 1, categories: [...categories(i)], marketplaceVisible: i % 2 === 0 });
    }
    const observedAt = new Date(Date.now() - 60_000).toISOString();
    await publishObservations(sut.clientConnection, {
      videos: cohort.map((creatorId, i) => ({
        observationId: randomUUID(),
        creatorId,
        videoId: `bench-${i}`,
        postedAt: new Date(Date.now() - 86_400_000).toISOString(),
        observedAt,
        views: 10_000,
        sixSecondViews: 5_000,
        completedViews: 1_000 * (i + 1),
        likes: Math.round(rates[i]! * 10_000),
        comments: 0,
        shares: 0,
        avgWatchSeconds: 9,
      })),
      followers: cohort.map((creatorId) => ({ observationId: randomUUID(), creatorId, observedAt, followers: 20_000_000 })),
    });
    await eventually(async () => (await kpis(cohort[7]!)).engagementRate === 0.09);
    // Every profile applied too (another stream, another consumer).
    await eventually(() =>
      withPgClient(sut.db.url, async (db) => (await db.query(`select 1 from metrics.creator_profiles where creator_id = any($1::uuid[])`, [cohort])).rowCount === cohort.length),
    );
    await sut.service.app.get(BenchmarkScheduler).recompute();
    const k = await kpis(cohort[2]!);
    expect(k.benchmarks?.engagementRate).toEqual({
      percentile: 50,
      cohort: { category: 'beauty', followerBand: '10m-plus', size: 5 },
      p25: expect.closeTo(0.04, 12),
      p50: expect.closeTo(0.06, 12),
      p75: expect.closeTo(0.08, 12),
      computedAt: expect.any(String),
    });
    expect((await kpis(cohort[0]!)).benchmarks?.engagementRate?.percentile).toBe(0);
    expect((await kpis(cohort[4]!)).benchmarks?.engagementRate?.percentile).toBe(100);
    expect((await kpis(cohort[3]!)).benchmarks?.completionRate).toMatchObject({ percentile: 75, p50: expect.closeTo(0.3, 12) });
    // Without a category: the whole band (all eight), here 3 %, 7 % and the median 6.5 %.
    expect((await kpis(cohort[6]!)).benchmarks?.engagementRate).toMatchObject({
      cohort: { category: null, followerBand: '10m-plus', size: 8 },
      p50: expect.closeTo(0.065, 12),
    });
    expect((await kpis(cohort[5]!)).benchmarks?.engagementRate?.percentile).toBeCloseTo(100 / 7, 0);
    // A cohort of one (the only gaming creator of the band) says nothing: withheld, with why.
    const alone = await kpis(cohort[7]!);
    expect(alone.benchmarks).toBeUndefined();
    expect(alone.benchmarksWithheld?.engagementRate).toEqual({ reason: 'small_cohort', cohort: { category: 'gaming', followerBand: '10m-plus', size: 1 }, minimumSize: 5 });
    // Benchmarks describe last30v (the cohorts' definition) only.
    expect((await kpis(cohort[2]!, '30d')).benchmarks).toBeUndefined();
  });
});

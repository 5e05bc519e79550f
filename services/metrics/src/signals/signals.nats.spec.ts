import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { metricsContracts as c, type FollowerSnapshot, type Principal, type VideoObservation } from '#libs/contracts';
import { appErrorOf, bootService, eventually, seededRandom, syntheticCreator, type ServiceUnderTest } from '#libs/testing';
import { BenchmarkScheduler } from '../benchmarks/benchmark.scheduler.js';
import { metricsApp } from '../metrics.app.js';
import { publishGrant, publishObservations, publishProfile } from '../metrics.test-support.js';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const creatorPrincipal = (creatorId: string): Principal => ({ userId: creatorId, kind: 'creator', orgId: null, orgKind: null, role: null });
const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: randomUUID(), orgKind: 'brand', role: 'viewer' };

/** `n` videos of one creator, each with these views and engagement rate (one observation each). */
function videosOf(creatorId: string, n: number, views: number, engagementRate: number): VideoObservation[] {
  return Array.from({ length: n }, (_, i) => ({
    observationId: randomUUID(),
    creatorId,
    videoId: `${creatorId.slice(0, 8)}-${i}`,
    postedAt: new Date(Date.now() - (i + 2) * DAY).toISOString(),
    observedAt: new Date(Date.now() - DAY).toISOString(),
    views,
    sixSecondViews: Math.floor(views / 2),
    completedViews: Math.floor(views / 10),
    likes: Math.round(views * engagementRate),
    comments: 0,
    shares: 0,
    avgWatchSeconds: 8,
  }));
}

/** Signals read through metrics' NATS subjects from rollups fed by real events (real nats-server and PostgreSQL). */
describe('metrics signals (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  const until = new Date(Date.now() - 3_600_000);
  const steady = syntheticCreator(seededRandom(21), { videos: 3, observationsPerVideo: 1, until, days: 60 });
  const planted = syntheticCreator(seededRandom(22), { videos: 3, observationsPerVideo: 1, until, days: 60 });
  const JUMP_AT = 40;
  const JUMP = 50_000;
  const plantedFollowers: FollowerSnapshot[] = planted.followers.map((f, i) => (i >= JUMP_AT ? { ...f, followers: f.followers + JUMP } : f));
  const cohort = Array.from({ length: 6 }, () => randomUUID());
  const inflated = randomUUID();

  const signals = (creatorId: string, principal: Principal = creatorPrincipal(creatorId)) => sut.client.request(c.signalsGet, { creatorId }, { principal });

  beforeAll(async () => {
    sut = await bootService(metricsApp, { BENCHMARK_INTERVAL_MS: '3600000' });
    for (const [i, creatorId] of [steady.creatorId, planted.creatorId].entries()) await publishProfile(sut.clientConnection, { creatorId, version: 1, categories: ['beauty'], handle: `c${i}` });
    // A gaming cohort of seven at 10k–100k followers: six ordinary, one with many views nobody engages with.
    for (const creatorId of [...cohort, inflated]) await publishProfile(sut.clientConnection, { creatorId, version: 1, categories: ['gaming'] });
    const followerAt = (creatorId: string, followers: number): FollowerSnapshot => ({ observationId: randomUUID(), creatorId, observedAt: until.toISOString(), followers });
    await publishObservations(sut.clientConnection, {
      videos: [...steady.videos, ...planted.videos, ...cohort.flatMap((id) => videosOf(id, 3, 5_000, 0.06)), ...videosOf(inflated, 3, 80_000, 0.002)],
      followers: [...steady.followers, ...plantedFollowers, ...cohort.map((id) => followerAt(id, 50_000)), followerAt(inflated, 60_000)],
    });
    // Profiles and observations arrive on separate streams: cohorts are recomputed once every creator is listed with its category and figures.
    await eventually(async () => {
      const { items } = await sut.client.request(c.creatorsDiscover, { limit: 100 }, { principal: brand });
      return items.filter((i) => i.categories.length && i.medianViews !== null).length === 2 + cohort.length + 1 && (await signals(planted.creatorId)).signals.length > 0;
    });
    await sut.service.app.get(BenchmarkScheduler).recompute();
  }, 60_000);
  afterAll(async () => sut?.close());

  it('finds the planted follower jump on its day, with the evidence, and nothing in a steady history', async () => {
    const got = await signals(planted.creatorId);
    expect(got).toEqual({
      creatorId: planted.creatorId,
      signals: [
        {
          kind: 'follower_jump',
          day: planted.followers[JUMP_AT]!.observedAt.slice(0, 10),
          evidence: expect.objectContaining({ followers: plantedFollowers[JUMP_AT]!.followers, deviations: 8, historyDays: 60 }),
        },
      ],
    });
    const { evidence } = got.signals[0] as Extract<(typeof got.signals)[number], { kind: 'follower_jump' }>;
    expect(evidence.gain).toBe(plantedFollowers[JUMP_AT]!.followers - plantedFollowers[JUMP_AT - 1]!.followers);
    expect(evidence.gain).toBeGreaterThan(evidence.threshold);
    expect(evidence.typicalGain * 20).toBeLessThan(evidence.gain);
    expect(await signals(steady.creatorId)).toEqual({ creatorId: steady.creatorId, signals: [] });
  });

  it('puts the same signals on the last-30-videos KPIs (the card), not on other windows', async () => {
    const { signals: expected } = await signals(planted.creatorId);
    const principal = creatorPrincipal(planted.creatorId);
    expect((await sut.client.request(c.kpisGet, { creatorId: planted.creatorId, window: 'last30v' }, { principal })).signals).toEqual(expected);
    expect((await sut.client.request(c.kpisGet, { creatorId: planted.creatorId, window: '30d' }, { principal })).signals).toBeUndefined();
    expect((await sut.client.request(c.kpisGet, { creatorId: steady.creatorId }, { principal: creatorPrincipal(steady.creatorId) })).signals).toEqual([]);
  });

  it('flags engagement far below the cohort with views far above it, naming the cohort and its figures', async () => {
    const got = await signals(inflated);
    expect(got.signals).toEqual([
      {
        kind: 'view_pattern',
        detectedAt: expect.any(String),
        evidence: {
          engagementRate: expect.closeTo(0.002, 12),
          // Cohort p25 of engagement (0.06) × 0.5; cohort median of median views (5,000) × 3.
          cohortEngagementRateP25: expect.closeTo(0.06, 12),
          engagementRateBelow: expect.closeTo(0.03, 12),
          medianViews: 80_000,
          cohortMedianViews: 5_000,
          medianViewsAbove: 15_000,
          cohort: { category: 'gaming', followerBand: '10k-100k', size: 7 },
        },
      },
    ]);
    for (const id of cohort) expect((await signals(id)).signals).toEqual([]);
  });

  it('discovery rows carry each creator’s signals and still list every creator, in the same order', async () => {
    const { items } = await sut.client.request(c.creatorsDiscover, { limit: 100 }, { principal: brand });
    const byId = new Map(items.map((i) => [i.creatorId, i]));
    expect(items).toHaveLength(2 + cohort.length + 1);
    expect(byId.get(planted.creatorId)?.signals).toEqual((await signals(planted.creatorId)).signals);
    expect(byId.get(inflated)?.signals.map((s) => s.kind)).toEqual(['view_pattern']);
    expect(byId.get(steady.creatorId)?.signals).toEqual([]);
    expect(items.map((i) => i.followers)).toEqual([...items.map((i) => i.followers)].sort((a, b) => b - a));
  });

  it('follows the metrics visibility rules: the creator, agencies with metrics:read, brands while listed; 404 for others', async () => {
    const agencyId = randomUUID();
    await publishGrant(sut.clientConnection, 'activated', { grantId: randomUUID(), agencyId, creatorId: planted.creatorId, scopes: ['metrics:read'], version: 1 });
    const agency: Principal = { userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role: 'viewer' };
    await eventually(async () => ((await signals(planted.creatorId, agency).catch(() => null))?.signals.length ?? 0) === 1);
    expect((await signals(planted.creatorId, brand)).signals).toHaveLength(1);
    expect((await appErrorOf(signals(planted.creatorId, { ...agency, orgId: randomUUID() }))).code).toBe('not_found');
    expect((await appErrorOf(signals(planted.creatorId, creatorPrincipal(randomUUID())))).code).toBe('not_found');
    await publishProfile(sut.clientConnection, { creatorId: planted.creatorId, version: 2, categories: ['beauty'], marketplaceVisible: false });
    await eventually(async () => (await appErrorOf(signals(planted.creatorId, brand))).code === 'not_found');
  });
});

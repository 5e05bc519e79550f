import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { metricsContracts as c, type FollowerSnapshot, type Principal, type VideoObservation } from '#libs/contracts';
import { appErrorOf, bootService, eventually, seededRandom, syntheticCreator, type ServiceUnderTest } from '#libs/testing';
import { metricsApp } from '../metrics.app.js';
import { publishGrant, publishObservations, publishProfile } from '../metrics.test-support.js';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const creatorPrincipal = (creatorId: string): Principal => ({ userId: creatorId, kind: 'creator', orgId: null, orgKind: null, role: null });
const agencyPrincipal = (orgId: string): Principal => ({ userId: randomUUID(), kind: 'manager', orgId, orgKind: 'agency', role: 'viewer' });

/** The series straight from raw observations: last snapshot of each UTC day, latest observation of each video. */
function directSeries(videos: VideoObservation[], followers: FollowerSnapshot[], days: number, now: Date) {
  const from = new Date(Math.floor(now.getTime() / DAY) * DAY - (days - 1) * DAY).toISOString().slice(0, 10);
  const perDay = new Map<string, FollowerSnapshot>();
  for (const f of [...followers].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt))) perDay.set(f.observedAt.slice(0, 10), f);
  const latest = new Map<string, VideoObservation>();
  for (const v of videos) if (!latest.has(v.videoId) || Date.parse(v.observedAt) > Date.parse(latest.get(v.videoId)!.observedAt)) latest.set(v.videoId, v);
  const recent = [...latest.values()].sort((a, b) => Date.parse(b.postedAt) - Date.parse(a.postedAt) || (b.videoId > a.videoId ? 1 : -1)).slice(0, 30).reverse();
  return {
    from,
    followers: [...perDay.entries()].filter(([day]) => day >= from).sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, f]) => ({ day, followers: f.followers })),
    videos: recent.map((v) => ({ videoId: v.videoId, postedAt: new Date(v.postedAt).toISOString(), views: v.views, engagementRate: v.views ? (v.likes + v.comments + v.shares) / v.views : null })),
  };
}

/** Chart series read through metrics' NATS subject, from rollups fed by real events (real nats-server and PostgreSQL). */
describe('metrics series (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;

  beforeAll(async () => {
    sut = await bootService(metricsApp, { BENCHMARK_INTERVAL_MS: '3600000' });
  }, 60_000);
  afterAll(async () => sut?.close());

  const series = (creatorId: string, days = 90, principal = creatorPrincipal(creatorId)) => sut.client.request(c.seriesGet, { creatorId, days }, { principal });

  it('serves followers per day and the last 30 videos equal to a direct computation over the same observations', async () => {
    const until = new Date(Date.now() - 3_600_000);
    const creator = syntheticCreator(seededRandom(11), { videos: 45, observationsPerVideo: 4, until, days: 120 });
    // A second snapshot later on the same day: the end of the day counts.
    const lastDay = creator.followers.at(-1)!;
    const sameDayLater = { ...lastDay, observationId: randomUUID(), observedAt: new Date(Date.parse(lastDay.observedAt) + 60_000).toISOString(), followers: lastDay.followers + 7 };
    const rng = seededRandom(12);
    const videos = [...creator.videos].sort(() => rng() - 0.5);
    await publishObservations(sut.clientConnection, { videos, followers: [sameDayLater, ...creator.followers] });
    const want = (days: number) => directSeries(creator.videos, [...creator.followers, sameDayLater], days, new Date());
    await eventually(async () => {
      const got = await series(creator.creatorId);
      return got.videos.length === 30 && got.followers.at(-1)?.followers === sameDayLater.followers;
    });

    for (const days of [90, 7]) {
      const got = await series(creator.creatorId, days);
      const expected = want(days);
      expect(got).toEqual({
        creatorId: creator.creatorId,
        from: expected.from,
        followers: expected.followers,
        videos: expected.videos.map((v) => ({ ...v, engagementRate: v.engagementRate === null ? null : expect.closeTo(v.engagementRate, 12) })),
        asOf: expect.any(String),
      });
    }
    const latestObservation = [...creator.videos.map((v) => v.observedAt), sameDayLater.observedAt].sort().at(-1)!;
    expect((await series(creator.creatorId)).asOf).toBe(new Date(latestObservation).toISOString());
  });

  it('answers empty series for a creator without data, and refuses out-of-range windows', async () => {
    const creatorId = randomUUID();
    expect(await series(creatorId)).toMatchObject({ creatorId, followers: [], videos: [], asOf: null });
    expect((await appErrorOf(series(creatorId, 3))).code).toBe('validation');
    expect((await appErrorOf(series(creatorId, 366))).code).toBe('validation');
  });

  it('lets the creator, agencies granted metrics:read and brands while the creator is listed read, and nobody else', async () => {
    const creatorId = randomUUID();
    const agencyId = randomUUID();
    await publishGrant(sut.clientConnection, 'activated', { grantId: randomUUID(), agencyId, creatorId, scopes: ['metrics:read'], version: 1 });
    await eventually(async () => (await series(creatorId, 90, agencyPrincipal(agencyId)).catch(() => null))?.creatorId === creatorId);
    expect((await appErrorOf(series(creatorId, 90, agencyPrincipal(randomUUID())))).code).toBe('not_found');
    expect((await appErrorOf(series(creatorId, 90, creatorPrincipal(randomUUID())))).code).toBe('not_found');
    const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: randomUUID(), orgKind: 'brand', role: 'owner' };
    expect((await appErrorOf(series(creatorId, 90, brand))).code).toBe('not_found');
    // A brand sees the creator while they are listed in the marketplace, as with their KPIs.
    await publishProfile(sut.clientConnection, { creatorId, version: 1, marketplaceVisible: true });
    await eventually(async () => (await series(creatorId, 90, brand).catch(() => null))?.creatorId === creatorId);
    await publishProfile(sut.clientConnection, { creatorId, version: 2, marketplaceVisible: false });
    await eventually(async () => (await appErrorOf(series(creatorId, 90, brand))).code === 'not_found');
  });
});

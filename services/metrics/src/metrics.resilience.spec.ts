import { jest } from '@jest/globals';
import { metricsContracts as c, type Principal } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { startService } from '#libs/service-defaults';
import { eventually, seededRandom, spawnService, startBackingServices, syntheticCreator, type BackingServices } from '#libs/testing';
import { metricsApp } from './metrics.app.js';
import { directKpis, publishObservations } from './metrics.test-support.js';

jest.setTimeout(300_000);
/** Starting a service from source compiles it first: slow on a busy machine. */
const BOOT_MS = 120_000;

/**
 * Exactly-once rollups when things break mid-batch: the consumer process is SIGKILLed while
 * applying, or its database connection is cut. Afterwards every observation is counted once.
 */
describe('metrics rollups under failure (real processes, NATS and Postgres)', () => {
  let infra: BackingServices;
  beforeAll(async () => {
    infra = await startBackingServices();
  }, 120_000);
  afterAll(async () => infra?.close());

  // spawnService knows the process started from its "started" log line: keep the default level.
  const baseEnv = () => ({ NATS_URL: infra.nats.url, DATABASE_URL: infra.db.url, HTTP_PORT: '0', BENCHMARK_INTERVAL_MS: '3600000' });
  /** How many of these events metrics has applied (its inbox row commits with the effect). */
  const applied = async (eventIds: string[]) =>
    Number((await infra.sql.query(`select count(*)::int as n from metrics.inbox where event_id = any($1::uuid[])`, [eventIds]).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
  const rollupOf = async (creatorId: string) => {
    const { rows } = await infra.sql.query(
      `select (select coalesce(sum(observations), 0)::int from metrics.creator_daily where creator_id = $1) as observations,
              (select coalesce(sum(videos_posted), 0)::int from metrics.creator_daily where creator_id = $1) as "videosPosted",
              (select count(*)::int from metrics.video_latest where creator_id = $1) as videos`,
      [creatorId],
    );
    return rows[0];
  };
  const creatorOf = (seed: number) => syntheticCreator(seededRandom(seed), { videos: 800, observationsPerVideo: 25, until: new Date(Date.now() - 3_600_000), days: 80 });

  async function expectKpisMatch(creator: ReturnType<typeof creatorOf>) {
    const client = new RequestClient(infra.nc, 5_000);
    const principal: Principal = { userId: creator.creatorId, kind: 'creator', orgId: null, orgKind: null, role: null };
    const got = await client.request(c.kpisGet, { creatorId: creator.creatorId, window: '90d' }, { principal });
    const want = directKpis(creator.videos, creator.followers, '90d', new Date());
    expect(got).toMatchObject({ videos: want.videos, views: want.views, followers: want.followers, engagements: want.engagements });
    expect(got.provenance.observationsCounted).toBe(want.observationsCounted);
  }

  it('a consumer killed mid-batch and restarted leaves exactly-once effects', async () => {
    const creator = creatorOf(101);
    let proc = await spawnService('metrics', baseEnv(), BOOT_MS);
    try {
      const events = await publishObservations(infra.nc, { videos: creator.videos, followers: creator.followers });
      expect(events.length).toBeGreaterThan(5);
      await eventually(async () => (await applied(events)) > 0, 60_000, 2);
      await proc.stop('SIGKILL');
      expect(await applied(events)).toBeLessThan(events.length);

      proc = await spawnService('metrics', baseEnv(), BOOT_MS);
      await eventually(async () => (await applied(events)) === events.length, 120_000, 50);
      expect(await rollupOf(creator.creatorId)).toEqual({ observations: creator.videos.length, videosPosted: 800, videos: 800 });
      await expectKpisMatch(creator);
    } finally {
      await proc.stop();
    }
  });

  it('a database cut mid-batch loses nothing and applies nothing twice', async () => {
    const { url: viaProxy, proxy } = await infra.proxiedDatabase();
    const service = await startService({ ...metricsApp, env: { ...baseEnv(), LOG_LEVEL: process.env.RESILIENCE_LOG_LEVEL ?? 'silent', DATABASE_URL: viaProxy } });
    try {
      const creator = creatorOf(202);
      const events = await publishObservations(infra.nc, { videos: creator.videos, followers: creator.followers });
      await eventually(async () => (await applied(events)) > 0, 60_000, 2);
      proxy.cut();
      expect(await applied(events)).toBeLessThan(events.length);
      // Long enough for in-flight transactions to fail and deliveries to be retried against the outage.
      await new Promise((r) => setTimeout(r, 2_000));
      proxy.restore();
      await eventually(async () => (await applied(events)) === events.length, 120_000, 50);
      expect(await rollupOf(creator.creatorId)).toEqual({ observations: creator.videos.length, videosPosted: 800, videos: 800 });
      await expectKpisMatch(creator);
    } finally {
      // A close that hangs must not hide the assertion that failed.
      await Promise.race([service.close(), new Promise((r) => setTimeout(r, 20_000))]);
      await proxy.close();
    }
  });
});

import { jest } from '@jest/globals';
import type { NatsConnection } from '@nats-io/transport-node';
import { createTestDatabase, startNatsCluster, type NatsCluster, type TestDatabase } from '#libs/testing';
import { PLATFORM_SERVICES, startPlatform, type Platform } from './support/platform.js';
import { runScenario, statusCounts, wrongAnswers, type Fault, type ScenarioResult } from './support/scenario.js';
import { leaderOf } from './support/faults.js';

/**
 * The short chaos profile: the whole platform as processes, two replicas of every service, on a
 * three-node NATS cluster with R3 streams and buckets. A seeded workload runs through the
 * gateways while one replica of each service is SIGKILLed in turn (and started again), and then
 * the node leading a stream is SIGKILLed and brought back. Every write the platform acknowledged
 * must then be found exactly once, every projection must agree with its owner, and no client may
 * have seen anything worse than a 503 with Retry-After. `npm run chaos` runs the long profile.
 */
describe('chaos: SIGKILL of each service replica and of a NATS node under a mixed workload', () => {
  jest.setTimeout(600_000);
  let cluster: NatsCluster | undefined;
  let db: TestDatabase | undefined;
  let platform: Platform | undefined;
  let admin: NatsConnection | undefined;
  let result: ScenarioResult;
  // A failed run must not leave a dozen services behind.
  const killEverything = () => {
    platform?.killAll();
    cluster?.killNow();
  };
  process.once('exit', killEverything);
  process.once('SIGTERM', () => {
    killEverything();
    process.exit(143);
  });

  beforeAll(async () => {
    [cluster, db] = await Promise.all([startNatsCluster(3), createTestDatabase()]);
    platform = await startPlatform({ bus: cluster, databaseUrl: db.url, replicas: 2, streamReplicas: 3, logDir: process.env.CHAOS_LOG_DIR });
    admin = await cluster.connect();
    const p = platform;
    const c = cluster;
    const faults: Fault[] = PLATFORM_SERVICES.map((service, i) => ({
      name: `SIGKILL ${service}#${i % 2}`,
      kind: 'service replica SIGKILL',
      atAck: 12 + i * 10,
      inject: () => p.kill(service, i % 2),
      heal: () => p.restart(service, i % 2),
    }));
    let lost: (typeof c.nodes)[number] | undefined;
    faults.push({
      name: 'SIGKILL the NATS node leading NEGOTIATION',
      kind: 'NATS node SIGKILL',
      atAck: 12 + PLATFORM_SERVICES.length * 10,
      inject: async () => {
        lost = await leaderOf(admin!, 'NEGOTIATION', c.nodes);
        await lost.kill();
      },
      heal: async () => {
        await new Promise((r) => setTimeout(r, 5_000));
        await lost!.start();
        await c.ready();
      },
    });
    result = await runScenario({
      gateways: () => p.gateways(),
      workload: { seed: 19, tag: 'short', creators: 10, concurrency: 3, connector: () => c.connect('connector') },
      faults,
      databaseUrl: db.url,
      admin,
      log: process.env.CHAOS_LOG_DIR ? (line) => process.stderr.write(`${line}\n`) : undefined,
    });
  }, 900_000);

  afterAll(async () => {
    await admin?.close();
    await platform?.stop();
    await Promise.all([cluster?.stop(), db?.drop()]);
  }, 120_000);

  it('lands every fault while the workload runs', () => {
    expect(result.skipped).toEqual([]);
    expect(result.faults.map((f) => f.healedAt > 0)).toEqual(result.faults.map(() => true));
  });

  it('acknowledges every write the workload makes (retrying after 503 or a lost answer with the same key)', () => {
    expect(result.workloadError).toBeUndefined();
    expect(result.ledger?.unacknowledged).toEqual([]);
    expect(result.ledger?.creators).toHaveLength(10);
  });

  it('finds every acknowledged write exactly once, projections agreeing with their owners, nothing left in outboxes or dead letters', () => {
    expect(result.findings?.problems).toEqual([]);
  });

  it('never answers 500 or a 503 without Retry-After', () => {
    expect(wrongAnswers(result.observations)).toEqual([]);
    expect(Object.keys(statusCounts(result.observations)).filter((s) => Number(s) >= 500 && s !== '503')).toEqual([]);
  });
});

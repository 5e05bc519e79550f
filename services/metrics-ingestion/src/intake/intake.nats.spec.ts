import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ingestionCommands, INGESTION_INTAKE_STREAM } from '#libs/contracts';
import { durableNameOf } from '#libs/messaging';
import { startService, type RunningService } from '#libs/service-defaults';
import { eventually, startBackingServices, type BackingServices } from '#libs/testing';
import { metricsIngestionApp } from '../metrics-ingestion.app.js';

jest.setTimeout(120_000);

const DURABLE = durableNameOf('metrics-ingestion', INGESTION_INTAKE_STREAM);

/** The connectors' intake as the kit runs it: readiness, gauges and stream order (outages and kills: intake.resilience.spec.ts). */
describe('intake through the shared command consumer (real NATS and Postgres)', () => {
  let infra: BackingServices;
  let service: RunningService | undefined;
  const start = async () =>
    (service = await startService({ ...metricsIngestionApp, env: { ...infra.nats.envFor('metrics-ingestion'), DATABASE_URL: infra.db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent' } }));
  const followers = async (where: string, params: unknown[]) =>
    (await infra.sql.query(`select observation_id, followers from metrics_ingestion.follower_snapshots where ${where} order by observed_at`, params)).rows as { observation_id: string; followers: number }[];
  const publish = (records: unknown[]) => jetstream(infra.nc).publish(ingestionCommands.followers.subject, JSON.stringify({ records }));
  const snapshot = (creatorId: string, observationId: string, n: number) => ({ observationId, creatorId, observedAt: new Date(Date.now() - n * 60_000).toISOString(), followers: n });

  beforeAll(async () => {
    infra = await startBackingServices();
  }, 120_000);
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });
  afterAll(async () => infra?.close());

  it('is counted in readiness, the consumer gauges and commands_processed_total', async () => {
    const { url } = await start();
    const creatorId = randomUUID();
    await publish([snapshot(creatorId, randomUUID(), 1)]);
    await eventually(async () => (await followers('creator_id = $1', [creatorId])).length === 1);

    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { consumers: 'up' } });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(new RegExp(`tp_consumer_pending_messages\\{[^}]*durable="${DURABLE}"[^}]*\\} 0`));
    expect(text).toMatch(/tp_dead_letter_messages\{[^}]*stream="METRICS_INGESTION_INTAKE",consumer="metrics-ingestion"[^}]*\} 0/);
    expect(text).toMatch(/commands_processed_total\{subject="metrics-ingestion\.cmd\.followers\.v1",outcome="applied",service="metrics-ingestion"\} [1-9]/);
  });

  it('keeps stream order: of batches naming the same observation, the first published is stored, within a round and across rounds', async () => {
    const creatorId = randomUUID();
    const within = randomUUID();
    const across = randomUUID();
    // Waiting before the service starts, so the first two arrive as one round.
    await publish([snapshot(creatorId, within, 10)]);
    await publish([snapshot(creatorId, within, 20)]);
    await start();
    await publish([snapshot(creatorId, across, 30)]);
    await eventually(async () => (await followers('creator_id = $1', [creatorId])).length === 2);
    await publish([snapshot(creatorId, across, 40)]);
    const jsm = await jetstreamManager(infra.nc);
    await eventually(async () => (await jsm.streams.info(INGESTION_INTAKE_STREAM)).state.messages === 0);

    const stored = new Map((await followers('creator_id = $1', [creatorId])).map((r) => [r.observation_id, Number(r.followers)]));
    expect(stored).toEqual(new Map([[within, 10], [across, 30]]));
  });
});

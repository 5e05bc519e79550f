import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ingestionCommands, ingestionEvents, streamOf } from '#libs/contracts';
import { decodeEvent } from '#libs/messaging';
import { startService } from '#libs/service-defaults';
import { eventually, spawnService, startBackingServices, type BackingServices } from '#libs/testing';
import { metricsIngestionApp } from '../metrics-ingestion.app.js';

jest.setTimeout(300_000);
/** Starting a service from source compiles it first: slow on a busy machine. */
const BOOT_MS = 120_000;
/** The intake durable's ack wait (60 s): what a message delivered to a killed replica waits out, plus room. */
const REDELIVERY_MS = 150_000;

/**
 * The connectors' intake when things break mid-batch — PostgreSQL cut, the process killed,
 * the process stopped — through the kit's pull loop: nothing is lost, nothing is doubled, and
 * what was published first stays first.
 */
describe('intake under failure (real NATS and Postgres)', () => {
  let infra: BackingServices;
  beforeAll(async () => {
    infra = await startBackingServices();
  }, 120_000);
  afterAll(async () => infra?.close());

  const baseEnv = () => ({ ...infra.nats.envFor('metrics-ingestion'), DATABASE_URL: infra.db.url, HTTP_PORT: '0' });
  const stored = async (creatorId: string) =>
    Number((await infra.sql.query('select count(*)::int as n from metrics_ingestion.follower_snapshots where creator_id = $1', [creatorId])).rows[0].n);
  const snapshot = (creatorId: string, n: number, observationId: string = randomUUID()) => ({
    observationId,
    creatorId,
    observedAt: new Date(Date.now() - n * 1000).toISOString(),
    followers: n,
  });

  /** Publishes `messages` batches of `perMessage` follower snapshots for a new creator. */
  async function publishBurst(messages: number, perMessage: number): Promise<string> {
    const creatorId = randomUUID();
    const js = jetstream(infra.nc);
    for (let m = 0; m < messages; m++) {
      const records = Array.from({ length: perMessage }, (_, i) => snapshot(creatorId, m * perMessage + i + 1));
      await js.publish(ingestionCommands.followers.subject, JSON.stringify({ records }));
    }
    return creatorId;
  }

  /** Every stored record of `creatorId` was announced exactly once (the events committed with the rows). */
  async function announcedOnce(creatorId: string, expected: number): Promise<void> {
    const jsm = await jetstreamManager(infra.nc);
    await eventually(async () => {
      const { state } = await jsm.streams.info(streamOf('metrics-ingestion'));
      const ids: string[] = [];
      for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
        const msg = await jsm.streams.getMessage(streamOf('metrics-ingestion'), { seq }).catch(() => null);
        const decoded = msg && decodeEvent(ingestionEvents.recordedV2, msg.data);
        if (decoded?.ok) ids.push(...decoded.envelope.payload.followers.filter((f) => f.creatorId === creatorId).map((f) => f.observationId));
      }
      return ids.length === expected && new Set(ids).size === ids.length;
    }, 60_000, 200);
  }

  it('stores and announces every record exactly once after the database comes back', async () => {
    const { url: viaProxy, proxy } = await infra.proxiedDatabase();
    const service = await startService({ ...metricsIngestionApp, env: { ...baseEnv(), DATABASE_URL: viaProxy, LOG_LEVEL: 'silent' } });
    try {
      const messages = 40;
      const perMessage = 500;
      const creatorId = await publishBurst(messages, perMessage);
      await eventually(async () => (await stored(creatorId)) > 0, 60_000, 2);
      proxy.cut();
      expect(await stored(creatorId)).toBeLessThan(messages * perMessage);
      // Published during the outage: stored and announced once it is back.
      const js = jetstream(infra.nc);
      await js.publish(ingestionCommands.followers.subject, JSON.stringify({ records: [snapshot(creatorId, 0, randomUUID())] }));
      await new Promise((r) => setTimeout(r, 2_000));
      proxy.restore();
      await eventually(async () => (await stored(creatorId)) === messages * perMessage + 1, 120_000, 50);

      await announcedOnce(creatorId, messages * perMessage + 1);
    } finally {
      await Promise.race([service.close(), new Promise((r) => setTimeout(r, 20_000))]);
      await proxy.close();
    }
  });

  // When the loop pauses it ends its pull; a delivery lost in the ending would come back only
  // after the ack wait, behind the later message naming the same observation.
  it('keeps what was published first for an observation sent twice during a database outage', async () => {
    const { url: viaProxy, proxy } = await infra.proxiedDatabase();
    const service = await startService({ ...metricsIngestionApp, env: { ...baseEnv(), DATABASE_URL: viaProxy, LOG_LEVEL: 'silent' } });
    try {
      const messages = 40;
      const perMessage = 500;
      const creatorId = await publishBurst(messages, perMessage);
      await eventually(async () => (await stored(creatorId)) > 0, 60_000, 2);
      proxy.cut();
      expect(await stored(creatorId)).toBeLessThan(messages * perMessage);
      // Published during the outage, the same observation twice: the first must win.
      const repeated = randomUUID();
      const js = jetstream(infra.nc);
      await js.publish(ingestionCommands.followers.subject, JSON.stringify({ records: [snapshot(creatorId, 0, repeated)] }));
      await js.publish(ingestionCommands.followers.subject, JSON.stringify({ records: [{ ...snapshot(creatorId, 0, repeated), followers: 999_999 }] }));
      await new Promise((r) => setTimeout(r, 2_000));
      proxy.restore();
      await eventually(async () => (await stored(creatorId)) === messages * perMessage + 1, 120_000, 50);

      const { rows } = await infra.sql.query('select followers::int as n from metrics_ingestion.follower_snapshots where observation_id = $1', [repeated]);
      expect(rows).toEqual([{ n: 0 }]);
      await announcedOnce(creatorId, messages * perMessage + 1);
    } finally {
      await Promise.race([service.close(), new Promise((r) => setTimeout(r, 20_000))]);
      await proxy.close();
    }
  });

  it('a replica killed mid-round: the next one stores and announces every record exactly once', async () => {
    let proc = await spawnService('metrics-ingestion', baseEnv(), BOOT_MS);
    try {
      const messages = 40;
      const perMessage = 500;
      const creatorId = await publishBurst(messages, perMessage);
      await eventually(async () => (await stored(creatorId)) > 0, 60_000, 2);
      await proc.stop('SIGKILL');
      expect(await stored(creatorId)).toBeLessThan(messages * perMessage);

      proc = await spawnService('metrics-ingestion', baseEnv(), BOOT_MS);
      await eventually(async () => (await stored(creatorId)) === messages * perMessage, REDELIVERY_MS, 100);
      await announcedOnce(creatorId, messages * perMessage);
    } finally {
      await proc.stop();
    }
  });

  it('a replica stopped mid-round finishes the round in flight before it goes; the next one stores the rest once', async () => {
    let service = await startService({ ...metricsIngestionApp, env: { ...baseEnv(), LOG_LEVEL: 'silent' } });
    // Enough rounds (10,000 records a transaction) that the stop lands with some still waiting
    // even when a busy machine notices the first stored row late.
    const messages = 160;
    const perMessage = 500;
    const creatorId = await publishBurst(messages, perMessage);
    await eventually(async () => (await stored(creatorId)) > 0, 60_000, 2);
    await service.close();
    // Nothing was still writing once close() returned.
    const atClose = await stored(creatorId);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await stored(creatorId)).toBe(atClose);
    expect(atClose).toBeLessThan(messages * perMessage);

    service = await startService({ ...metricsIngestionApp, env: { ...baseEnv(), LOG_LEVEL: 'silent' } });
    try {
      await eventually(async () => (await stored(creatorId)) === messages * perMessage, REDELIVERY_MS, 100);
      await announcedOnce(creatorId, messages * perMessage);
    } finally {
      await service.close();
    }
  });
});

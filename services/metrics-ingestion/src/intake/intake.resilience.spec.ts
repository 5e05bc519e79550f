import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ingestionCommands, ingestionEvents, streamOf } from '#libs/contracts';
import { decodeEvent } from '#libs/messaging';
import { startService } from '#libs/service-defaults';
import { eventually, startBackingServices, type BackingServices } from '#libs/testing';
import { metricsIngestionApp } from '../metrics-ingestion.app.js';

jest.setTimeout(300_000);

/** The connectors' intake when PostgreSQL goes away mid-batch: nothing is lost, nothing doubled. */
describe('intake under a database cut (real NATS and Postgres)', () => {
  let infra: BackingServices;
  beforeAll(async () => {
    infra = await startBackingServices();
  }, 120_000);
  afterAll(async () => infra?.close());

  it('stores and announces every record exactly once after the database comes back', async () => {
    const { url: viaProxy, proxy } = await infra.proxiedDatabase();
    const service = await startService({
      ...metricsIngestionApp,
      env: { NATS_URL: infra.nats.url, DATABASE_URL: viaProxy, HTTP_PORT: '0', LOG_LEVEL: 'silent' },
    });
    const stored = async () => Number((await infra.sql.query('select count(*)::int as n from metrics_ingestion.follower_snapshots')).rows[0].n);
    try {
      const creatorId = randomUUID();
      const js = jetstream(infra.nc);
      const messages = 40;
      const perMessage = 500;
      for (let m = 0; m < messages; m++) {
        const records = Array.from({ length: perMessage }, (_, i) => ({
          observationId: randomUUID(),
          creatorId,
          observedAt: new Date(Date.now() - (m * perMessage + i) * 1000).toISOString(),
          followers: m * perMessage + i,
        }));
        await js.publish(ingestionCommands.followers.subject, JSON.stringify({ records }));
      }
      await eventually(async () => (await stored()) > 0, 60_000, 2);
      proxy.cut();
      expect(await stored()).toBeLessThan(messages * perMessage);
      await new Promise((r) => setTimeout(r, 2_000));
      proxy.restore();
      await eventually(async () => (await stored()) === messages * perMessage, 120_000, 50);

      // Every stored record was announced once (the events committed with the rows).
      const jsm = await jetstreamManager(infra.nc);
      await eventually(async () => {
        const { state } = await jsm.streams.info(streamOf('metrics-ingestion'));
        const ids: string[] = [];
        for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
          const msg = await jsm.streams.getMessage(streamOf('metrics-ingestion'), { seq });
          const decoded = msg && decodeEvent(ingestionEvents.recorded, msg.data);
          if (decoded?.ok) ids.push(...decoded.envelope.payload.followers.map((f) => f.observationId));
        }
        return ids.length === messages * perMessage && new Set(ids).size === ids.length;
      }, 60_000, 200);
    } finally {
      await Promise.race([service.close(), new Promise((r) => setTimeout(r, 20_000))]);
      await proxy.close();
    }
  });
});

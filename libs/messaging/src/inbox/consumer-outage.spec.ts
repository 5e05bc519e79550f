import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';
import { AppError, type EventEnvelope } from '#libs/contracts';
import { startTcpProxy, type TcpProxy } from '#libs/testing';
import { buildEnvelope } from '../events/envelope.js';
import { MESSAGING_ENTITIES } from '../events/entities.js';
import { DEAD_LETTER_STREAM } from '../events/streams.js';
import {
  eventually,
  readStream,
  sleep,
  startMessagingEnv,
  TEST_SCHEMA,
  Widget,
  WidgetEffect,
  widgetCreated,
  type MessagingEnv,
} from '../messaging.test-support.js';
import { DLQ_HEADERS } from './dead-letter.js';
import { EventConsumer } from './event-consumer.js';
import { onEvent } from './event-handler.js';

jest.setTimeout(90_000);

const OUTAGE_MS = 30_000;
let env: MessagingEnv;
let proxy: TcpProxy;
let consumerOrm: MikroORM;
let consumer: EventConsumer;
const calls: string[] = [];

function newEnvelope(name = 'w'): EventEnvelope {
  const widgetId = randomUUID();
  return buildEnvelope(widgetCreated, { aggregateId: widgetId, aggregateVersion: 1, payload: { widgetId, name } });
}

async function publish(body: unknown) {
  await jetstream(env.nc).publish(widgetCreated.subject, typeof body === 'string' ? body : JSON.stringify(body), { msgID: randomUUID() });
}

/** Effect rows per event id, read over the direct connection (the consumer's goes through the proxy). */
async function effectCounts(): Promise<Map<string, number>> {
  const rows = await env.orm.em.fork().find(WidgetEffect, {});
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.eventId, (counts.get(row.eventId) ?? 0) + 1);
  return counts;
}

beforeAll(async () => {
  env = await startMessagingEnv();
  const direct = new URL(env.db.url);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaProxy = new URL(env.db.url);
  viaProxy.host = `${proxy.host}:${proxy.port}`;
  consumerOrm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: viaProxy.toString(),
    schema: TEST_SCHEMA,
    entities: [...MESSAGING_ENTITIES, Widget, WidgetEffect],
    pool: { min: 0, max: 4 },
  });
  consumer = new EventConsumer({
    consumer: 'outage',
    nc: env.nc,
    orm: consumerOrm,
    handlers: [
      onEvent(widgetCreated, async (em, event) => {
        calls.push(event.id);
        if (event.payload.name === 'forbidden') throw new AppError('unprocessable', 'Refused', 'forbidden widgets are refused');
        em.persist(em.create(WidgetEffect, { eventId: event.id, name: event.payload.name }));
      }),
    ],
    maxDeliver: 3,
    retry: { baseMs: 20, maxMs: 50, jitter: 0 },
    // Far shorter than the outage: without extending the deadline, JetStream would redeliver
    // the held messages again and again, and they would count as failed deliveries.
    ackWaitMs: 2_000,
    outageBackoff: { baseMs: 100, maxMs: 1_000 },
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer?.stop();
  // Resolves only when every pooled connection was released: a connection leaked by a failed
  // BEGIN during the outage would hang it.
  await consumerOrm?.close(true);
  await proxy?.close();
  await env?.close();
});

describe('EventConsumer through a database outage (real NATS and Postgres behind a TCP proxy)', () => {
  it(`pauses for a ${OUTAGE_MS / 1000} s outage and then applies every event exactly once, dead-lettering nothing`, async () => {
    const before = newEnvelope('before');
    await publish(before);
    await eventually(async () => (await effectCounts()).get(before.id) === 1);

    proxy.cut();
    const during: EventEnvelope[] = [];
    for (let i = 0; i < 20; i++) {
      const envelope = newEnvelope(`during-${i}`);
      during.push(envelope);
      await publish(envelope);
      // Events keep arriving through the outage, not just at its start.
      await sleep(OUTAGE_MS / 20);
    }
    expect(consumer.isPaused()).toBe(true);
    expect(await readStream(env.jsm, DEAD_LETTER_STREAM)).toHaveLength(0);
    proxy.restore();

    await eventually(async () => {
      const counts = await effectCounts();
      return during.every((e) => counts.has(e.id));
    }, 20_000);
    const counts = await effectCounts();
    expect([before, ...during].map((e) => counts.get(e.id))).toEqual(new Array(21).fill(1));
    expect(counts.size).toBe(21);
    expect(await readStream(env.jsm, DEAD_LETTER_STREAM)).toHaveLength(0);
    await eventually(async () => {
      const info = await env.jsm.consumers.info(consumer.stream, consumer.durableName);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
    expect(consumer.isPaused()).toBe(false);
  });

  it('rides out a partition (connections hang rather than fail) the same way', async () => {
    await env.jsm.streams.purge(DEAD_LETTER_STREAM);
    proxy.cut('blackhole');
    const during = [newEnvelope('partition-1'), newEnvelope('partition-2')];
    for (const envelope of during) await publish(envelope);
    // Longer than ackWaitMs: JetStream would redeliver anything not kept alive.
    await sleep(5_000);
    expect(await readStream(env.jsm, DEAD_LETTER_STREAM)).toHaveLength(0);
    proxy.restore();

    await eventually(async () => {
      const counts = await effectCounts();
      return during.every((e) => counts.get(e.id) === 1);
    }, 20_000);
    expect(await readStream(env.jsm, DEAD_LETTER_STREAM)).toHaveLength(0);
  });

  it('still dead-letters a bad event at once, and an event the handler rejects after bounded retries', async () => {
    await env.jsm.streams.purge(DEAD_LETTER_STREAM);
    const rejected = newEnvelope('forbidden');
    await publish('{not json');
    await publish(rejected);

    const dead = await eventually(async () => {
      const msgs = await readStream(env.jsm, DEAD_LETTER_STREAM);
      return msgs.length === 2 ? msgs : null;
    });
    expect(dead.map((m) => m.header.get(DLQ_HEADERS.deliveries))).toEqual(['1', '3']);
    expect(dead[0]!.header.get(DLQ_HEADERS.reason)).toMatch(/not JSON/);
    expect(dead[1]!.header.get(DLQ_HEADERS.reason)).toMatch(/delivery 3 of 3: .*forbidden widgets are refused/);
    expect(calls.filter((id) => id === rejected.id)).toHaveLength(3);
  });
});

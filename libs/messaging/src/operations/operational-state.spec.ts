import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import { buildEnvelope } from '../events/envelope.js';
import { eventually, startMessagingEnv, widgetCreated, type MessagingEnv } from '../messaging.test-support.js';
import { EventConsumer } from '../inbox/event-consumer.js';
import { onEvent } from '../inbox/event-handler.js';
import { enqueueEvent, outboxTable } from '../outbox/outbox.js';
import { OutboxMessage } from '../outbox/outbox.entity.js';
import { ConsumerStateReader, readOutboxState } from './operational-state.js';

jest.setTimeout(30_000);

let env: MessagingEnv;
beforeAll(async () => {
  env = await startMessagingEnv();
});
afterAll(async () => env?.close());

async function enqueue(): Promise<string> {
  return env.orm.em.fork().transactional(async (em) => {
    const widgetId = randomUUID();
    return enqueueEvent(em, widgetCreated, { aggregateId: widgetId, aggregateVersion: 1, payload: { widgetId, name: 'w' } }).id;
  });
}

const exec = (sql: string, params: unknown[]) => env.orm.em.fork().getConnection().execute(sql.replace('$table', outboxTable(env.orm.em)), params);

describe('readOutboxState (real Postgres)', () => {
  afterEach(async () => env.orm.em.fork().nativeDelete(OutboxMessage, {}));

  it('reports an empty backlog as zeros', async () => {
    expect(await readOutboxState(env.orm.em)).toEqual({ unsent: 0, oldestUnsentAgeSeconds: 0, parked: 0 });
  });

  it('counts unsent and parked rows apart, ages the oldest unsent one, and ignores published rows', async () => {
    const [old, , parked, published] = [await enqueue(), await enqueue(), await enqueue(), await enqueue()];
    await exec(`update $table set occurred_at = now() - interval '90 seconds' where id = ?`, [old]);
    // A parked row older still must not count as the backlog's oldest: the relay skips it.
    await exec(`update $table set occurred_at = now() - interval '1 hour', parked_at = now(), parked_reason = 'too big' where id = ?`, [parked]);
    await exec(`update $table set occurred_at = now() - interval '2 hours', published_at = now() where id = ?`, [published]);

    const state = await readOutboxState(env.orm.em);
    expect(state.unsent).toBe(2);
    expect(state.parked).toBe(1);
    expect(state.oldestUnsentAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(state.oldestUnsentAgeSeconds).toBeLessThan(3600);
  });
});

describe('ConsumerStateReader (real JetStream)', () => {
  it('reports what a durable still owes, and what it dead-lettered, per consumer', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const consumer = new EventConsumer({
      consumer: 'gauges',
      nc: env.nc,
      orm: env.orm,
      maxDeliver: 1,
      handlers: [
        onEvent(widgetCreated, async (_em, event) => {
          if (event.payload.name === 'poison') throw new Error('rejected by the handler');
          await held;
        }),
      ],
    });
    const reader = new ConsumerStateReader(env.nc, [consumer]);
    await consumer.start();
    try {
      expect(await reader.read()).toEqual([{ stream: 'IDENTITY', durable: consumer.durableName, consumer: 'gauges', pending: 0, deadLetters: 0 }]);

      const js = jetstream(env.nc);
      const publish = async (name: string) => {
        const widgetId = randomUUID();
        const envelope = buildEnvelope(widgetCreated, { aggregateId: widgetId, aggregateVersion: 1, payload: { widgetId, name } });
        await js.publish(widgetCreated.subject, JSON.stringify(envelope), { msgID: envelope.id });
      };
      await publish('poison');
      await eventually(async () => (await reader.read())[0]!.deadLetters === 1);
      // The first of these blocks the handler: all three stay owed (delivered-unacked or waiting).
      for (const name of ['a', 'b', 'c']) await publish(name);
      await eventually(async () => (await reader.read())[0]!.pending === 3);

      release();
      await eventually(async () => (await reader.read())[0]!.pending === 0);
      expect((await reader.read())[0]!.deadLetters).toBe(1);
    } finally {
      release();
      await consumer.stop();
    }
  });

  it('fails (for the scrape to report the source down) once its connection is closed', async () => {
    const nc = await env.nats.connect('admin');
    const reader = new ConsumerStateReader(nc, [{ stream: 'IDENTITY', durableName: 'gauges__IDENTITY', deadLetterTarget: { stream: 'IDENTITY', consumer: 'gauges' } }]);
    await nc.close();
    await expect(reader.read()).rejects.toThrow();
  });
});

import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { eventually, startMessagingEnv, Widget, widgetRenamed, type MessagingEnv } from '../messaging.test-support.js';
import { EventConsumer } from '../inbox/event-consumer.js';
import { onEvent } from '../inbox/event-handler.js';
import { InboxEntry } from '../inbox/inbox.entity.js';
import { enqueueEvent } from '../outbox/outbox.js';
import { OutboxRelay, type OutboxRelayOptions } from '../outbox/outbox-relay.js';
import { applyInOrder } from './apply-in-order.js';
import { ProjectionVersion } from './projection-version.entity.js';

jest.setTimeout(30_000);

let env: MessagingEnv;
const running: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  env = await startMessagingEnv();
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await env?.close();
});

function relay(opts: Partial<OutboxRelayOptions> = {}): OutboxRelay {
  const r = new OutboxRelay({ orm: env.orm, nc: env.nc, pollIntervalMs: 20, retry: { baseMs: 20, maxMs: 50 }, ...opts });
  running.push(r);
  return r;
}

/** The producer: renames the widget to `name` as version `version`, event in the same transaction. */
function rename(widgetId: string, version: number, name: string): Promise<string> {
  return env.orm.em.fork().transactional(async (em) => {
    await em.upsert(Widget, { id: widgetId, name });
    return enqueueEvent(em, widgetRenamed, { aggregateId: widgetId, aggregateVersion: version, payload: { widgetId, name } }).id;
  });
}

describe('per-aggregate order across relay replicas (real NATS and Postgres)', () => {
  it('a projection using applyInOrder ends at v3 when v2 fails to publish once and arrives after v3', async () => {
    const widgetId = randomUUID();
    // The consumer's projection lives in its own table; here, the names it saw, keyed by aggregate.
    const projected = new Map<string, string>();
    const consumer = new EventConsumer({
      consumer: 'names',
      nc: env.nc,
      orm: env.orm,
      handlers: [
        onEvent(widgetRenamed, async (em, event) => {
          await applyInOrder(em, 'widget-names', event, async () => {
            projected.set(event.aggregateId, event.payload.name);
          });
        }),
      ],
    });
    running.push(consumer);
    await consumer.start();

    let holding!: () => void;
    const v2Held = new Promise<void>((r) => (holding = r));
    let fail!: () => void;
    const v2MayFail = new Promise<void>((r) => (fail = r));
    let v2Failures = 0;
    const replicaA = relay({
      batchSize: 1,
      beforePublish: async (_row, envelope) => {
        if ((JSON.parse(envelope) as { aggregateVersion: number }).aggregateVersion !== 2 || v2Failures > 0) return;
        v2Failures += 1;
        holding();
        await v2MayFail; // replica A holds v2's row lock until then
        throw new Error('publish of v2 failed');
      },
    });
    replicaA.start();

    await rename(widgetId, 1, 'v1');
    await eventually(() => projected.get(widgetId) === 'v1');

    const v2 = await rename(widgetId, 2, 'v2');
    replicaA.notify();
    await v2Held;

    // v3 commits while A holds v2; replica B skips the locked row and publishes v3 first.
    const v3 = await rename(widgetId, 3, 'v3');
    relay().start();
    await eventually(async () => (await env.orm.em.fork().count(InboxEntry, { eventId: v3 })) === 1);
    expect(projected.get(widgetId)).toBe('v3');

    // Now v2's publish fails; A retries it, and the consumer receives it after v3.
    fail();
    await eventually(async () => (await env.orm.em.fork().count(InboxEntry, { eventId: v2 })) === 1);
    expect(v2Failures).toBe(1);
    expect(projected.get(widgetId)).toBe('v3');
    const version = await env.orm.em.fork().findOneOrFail(ProjectionVersion, { projection: 'widget-names', aggregateId: widgetId });
    expect(version.version).toBe(3);
  });
});

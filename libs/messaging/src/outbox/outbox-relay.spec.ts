import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SpanKind } from '@opentelemetry/api';
import type { EventEnvelope } from '#libs/contracts';
import {
  eventually,
  installTestTracing,
  readStream,
  sleep,
  startMessagingEnv,
  TEST_SCHEMA,
  Widget,
  widgetCreated,
  type MessagingEnv,
} from '../messaging.test-support.js';
import { enqueueEvent } from './outbox.js';
import { OutboxMessage } from './outbox.entity.js';
import { OutboxRelay } from './outbox-relay.js';

jest.setTimeout(30_000);

let env: MessagingEnv;
let tracing: ReturnType<typeof installTestTracing>;
const relays: OutboxRelay[] = [];

function relay(opts: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}): OutboxRelay {
  const r = new OutboxRelay({
    orm: env.orm,
    nc: env.nc,
    pollIntervalMs: 20,
    publishTimeoutMs: 500,
    retry: { baseMs: 50, maxMs: 200 },
    ...opts,
  });
  relays.push(r);
  return r;
}

/** The domain operation under test: a state change and its event in one transaction. */
async function createWidget(em: EntityManager, name: string): Promise<EventEnvelope> {
  const widget = em.create(Widget, { id: randomUUID(), name });
  return enqueueEvent(em, widgetCreated, {
    aggregateId: widget.id,
    aggregateVersion: 1,
    payload: { widgetId: widget.id, name },
  });
}

const pending = () => env.orm.em.fork().count(OutboxMessage, { publishedAt: null });
const streamIds = async () => (await readStream(env.jsm, 'IDENTITY')).map((m) => m.header.get('Nats-Msg-Id'));

beforeAll(async () => {
  tracing = installTestTracing();
  env = await startMessagingEnv();
});

afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  await env.jsm.streams.purge('IDENTITY');
  await env.orm.em.fork().nativeDelete(OutboxMessage, {});
  tracing.exporter.reset();
});

afterAll(async () => {
  await env?.close();
  await tracing?.uninstall();
});

describe('outbox table', () => {
  it('has a partial index on occurred_at covering only rows still to publish (not published, not parked)', async () => {
    const rows = await env.orm.em
      .fork()
      .getConnection()
      .execute<{ indexdef: string }[]>(`select indexdef from pg_indexes where schemaname = ? and tablename = 'outbox'`, [TEST_SCHEMA]);
    const defs = rows.map((r) => r.indexdef);
    expect(defs).toEqual(expect.arrayContaining([expect.stringMatching(/\(occurred_at\) WHERE \(\(published_at IS NULL\) AND \(parked_at IS NULL\)\)/)]));
  });
});

describe('OutboxRelay', () => {
  it('never publishes the event of a transaction that rolled back', async () => {
    const r = relay();
    r.start();
    let envelope: EventEnvelope | undefined;
    await expect(
      env.orm.em.fork().transactional(async (em) => {
        envelope = await createWidget(em, 'doomed');
        await em.flush(); // the rows reach the database inside the transaction...
        throw new Error('business rule failed'); // ...and are rolled back with it
      }),
    ).rejects.toThrow('business rule failed');
    r.notify();
    await sleep(150); // several relay cycles

    const em = env.orm.em.fork();
    expect(await em.count(Widget, { name: 'doomed' })).toBe(0);
    expect(await em.count(OutboxMessage, { id: envelope!.id })).toBe(0);
    expect((await env.jsm.streams.info('IDENTITY')).state.messages).toBe(0);
  });

  it('publishes a committed event exactly once, with Nats-Msg-Id = event id and trace headers', async () => {
    const r = relay();
    r.start();
    const envelope = await env.orm.em.fork().transactional((em) => createWidget(em, 'one'));
    r.notify();

    await eventually(async () => (await pending()) === 0);
    await sleep(100); // more cycles must not send it again
    const [msg, ...rest] = await readStream(env.jsm, 'IDENTITY');
    expect(rest).toHaveLength(0);
    expect(msg!.subject).toBe('identity.evt.widget.created.v1');
    expect(msg!.header.get('Nats-Msg-Id')).toBe(envelope.id);
    expect(msg!.header.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(msg!.json()).toEqual(envelope);

    const row = await env.orm.em.fork().findOneOrFail(OutboxMessage, envelope.id);
    expect(row.publishedAt).toBeInstanceOf(Date);
    expect(row.attempts).toBe(0);
  });

  it('publishes in occurred_at order', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const ids: string[] = [];
    for (const name of names) {
      ids.push((await env.orm.em.fork().transactional((em) => createWidget(em, name))).id);
      await sleep(2); // distinct occurred_at
    }
    const r = relay({ batchSize: 2 });
    r.start();
    await eventually(async () => (await pending()) === 0);
    expect(await streamIds()).toEqual(ids);
  });

  it('lets several relays share the outbox without publishing any row twice', async () => {
    const ids = await env.orm.em.fork().transactional(async (em) => {
      const out: string[] = [];
      for (let i = 0; i < 60; i++) out.push((await createWidget(em, `w${i}`)).id);
      return out;
    });
    const replicas = [relay({ batchSize: 5 }), relay({ batchSize: 5 }), relay({ batchSize: 5 })];
    replicas.forEach((r) => r.start());
    await eventually(async () => (await pending()) === 0);
    await Promise.all(replicas.map((r) => r.stop()));

    // JetStream would hide a double send (same msg id), so count the publish attempts instead.
    const publishes = tracing.exporter
      .getFinishedSpans()
      .filter((s) => s.kind === SpanKind.PRODUCER)
      .map((s) => s.attributes['messaging.message.id']);
    expect(publishes.sort()).toEqual([...ids].sort());
    expect((await streamIds()).sort()).toEqual([...ids].sort());
  });

  it('keeps events written while NATS is down and publishes all of them, once, when it is back', async () => {
    const r = relay();
    r.start();
    await env.nats.stop({ keepStore: true });
    let down = true;
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await env.orm.em.fork().transactional((em) => createWidget(em, `offline-${i}`))).id);
        r.notify();
      }
      // The relay tried, failed, and kept every row.
      const first = await eventually(async () => {
        const row = await env.orm.em.fork().findOne(OutboxMessage, ids[0]!);
        return row && row.attempts > 0 ? row : null;
      });
      expect(first.publishedAt).toBeNull();
      expect(first.lastError).toBeTruthy();
      expect(await pending()).toBe(5);

      await env.nats.restart();
      down = false;
      await eventually(async () => (await pending()) === 0, 15_000);
      expect((await streamIds()).sort()).toEqual([...ids].sort());
    } finally {
      if (down) await env.nats.restart();
    }
  });

  it('stop() waits for the batch in flight, then publishes nothing more', async () => {
    const r = relay({ pollIntervalMs: 10 });
    await env.orm.em.fork().transactional(async (em) => {
      for (let i = 0; i < 20; i++) await createWidget(em, `s${i}`);
    });
    r.start();
    await r.stop();
    const left = await pending();
    const sent = (await env.jsm.streams.info('IDENTITY')).state.messages;
    // Whatever the relay had published when it stopped is recorded as published.
    expect(sent).toBe(20 - left);
    await env.orm.em.fork().transactional((em) => createWidget(em, 'after-stop'));
    await sleep(100);
    expect((await env.jsm.streams.info('IDENTITY')).state.messages).toBe(sent);
  });
});

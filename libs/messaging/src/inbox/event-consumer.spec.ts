import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { AckPolicy, jetstream } from '@nats-io/jetstream';
import type { EventEnvelope } from '#libs/contracts';
import { buildEnvelope } from '../events/envelope.js';
import { DEAD_LETTER_STREAM } from '../events/streams.js';
import {
  eventually,
  readStream,
  sleep,
  startMessagingEnv,
  Widget,
  WidgetEffect,
  widgetCreated,
  widgetRenamed,
  type MessagingEnv,
} from '../messaging.test-support.js';
import { enqueueEvent } from '../outbox/outbox.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { DLQ_HEADERS } from './dead-letter.js';
import { EventConsumer, type EventConsumerOptions } from './event-consumer.js';
import { onEvent, onEventBatch } from './event-handler.js';
import { InboxEntry } from './inbox.entity.js';

jest.setTimeout(30_000);

let env: MessagingEnv;
const running: { stop(): Promise<void> }[] = [];
let n = 0;

function consumer(handlers: EventConsumerOptions['handlers'], opts: Partial<EventConsumerOptions> = {}): EventConsumer {
  const c = new EventConsumer({
    consumer: `c${++n}`,
    nc: env.nc,
    orm: env.orm,
    handlers,
    maxDeliver: 3,
    retry: { baseMs: 20, maxMs: 50, jitter: 0 },
    ...opts,
  });
  running.push(c);
  return c;
}

/** The effect handler: one row per application, so applying twice shows up as two rows. */
const recordEffect = (calls: string[] = []) =>
  onEvent(widgetCreated, async (em, event) => {
    calls.push(event.id);
    em.persist(em.create(WidgetEffect, { eventId: event.id, name: event.payload.name }));
  });

function newEnvelope(name = 'w'): EventEnvelope {
  const widgetId = randomUUID();
  return buildEnvelope(widgetCreated, { aggregateId: widgetId, aggregateVersion: 1, payload: { widgetId, name } });
}

async function publish(subject: string, body: unknown, msgID = randomUUID()) {
  await jetstream(env.nc).publish(subject, typeof body === 'string' ? body : JSON.stringify(body), { msgID });
}

const effects = (eventId: string) => env.orm.em.fork().count(WidgetEffect, { eventId });

async function settled(c: EventConsumer, delivered: number): Promise<boolean> {
  const info = await env.jsm.consumers.info(c.stream, c.durableName);
  return info.delivered.stream_seq >= delivered && info.num_pending === 0 && info.num_ack_pending === 0;
}

beforeAll(async () => {
  env = await startMessagingEnv();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
  await env.jsm.streams.purge('IDENTITY');
  await env.jsm.streams.purge(DEAD_LETTER_STREAM);
});

afterAll(async () => {
  await env?.close();
});

describe('EventConsumer', () => {
  it('applies a committed event once, through outbox and relay, acking only after its own commit', async () => {
    const relay = new OutboxRelay({ orm: env.orm, nc: env.nc, pollIntervalMs: 20 });
    running.push(relay);
    relay.start();
    let unackedDuringHandler: number | undefined;
    const c = consumer([
      onEvent(widgetCreated, async (em, event) => {
        const info = await env.jsm.consumers.info(c.stream, c.durableName);
        unackedDuringHandler = info.num_ack_pending;
        em.persist(em.create(WidgetEffect, { eventId: event.id, name: event.payload.name }));
      }),
    ]);
    await c.start();
    expect(c.durableName).toMatch(/^c\d+__IDENTITY$/);

    const envelope = await env.orm.em.fork().transactional(async (em) => {
      const widget = em.create(Widget, { id: randomUUID(), name: 'shiny' });
      return enqueueEvent(em, widgetCreated, {
        aggregateId: widget.id,
        aggregateVersion: 1,
        payload: { widgetId: widget.id, name: widget.name },
      });
    });
    relay.notify();

    await eventually(async () => (await effects(envelope.id)) === 1);
    await eventually(() => settled(c, 1));
    await sleep(100);
    expect(await effects(envelope.id)).toBe(1);
    expect(unackedDuringHandler).toBe(1);
    const inbox = await env.orm.em.fork().find(InboxEntry, { eventId: envelope.id });
    expect(inbox.map((i) => i.consumer)).toEqual([c.durableName]);
  });

  it('applies an event published twice (different msg ids, so JetStream keeps both) only once', async () => {
    const calls: string[] = [];
    const c = consumer([recordEffect(calls)]);
    await c.start();
    const envelope = newEnvelope();
    await publish(widgetCreated.subject, envelope);
    await publish(widgetCreated.subject, envelope);

    await eventually(() => settled(c, 2));
    expect(await effects(envelope.id)).toBe(1);
    expect(calls).toEqual([envelope.id]);
    expect(await readStream(env.jsm, DEAD_LETTER_STREAM)).toHaveLength(0);
  });

  it('rolls back a failed attempt and applies the redelivery once', async () => {
    let attempts = 0;
    const c = consumer([
      onEvent(widgetCreated, async (em, event) => {
        attempts += 1;
        em.persist(em.create(WidgetEffect, { eventId: event.id, name: event.payload.name }));
        await em.flush();
        if (attempts === 1) throw new Error('transient failure');
      }),
    ]);
    await c.start();
    const envelope = newEnvelope();
    await publish(widgetCreated.subject, envelope);

    await eventually(() => settled(c, 1));
    expect(attempts).toBe(2);
    expect(await effects(envelope.id)).toBe(1);
  });

  it('dead-letters a poison message after maxDeliver attempts, with the reason', async () => {
    let attempts = 0;
    const c = consumer(
      [
        onEvent(widgetCreated, async () => {
          attempts += 1;
          throw new Error('widget service exploded');
        }),
      ],
      { maxDeliver: 3 },
    );
    await c.start();
    const envelope = newEnvelope();
    const body = JSON.stringify(envelope);
    await publish(widgetCreated.subject, body);

    const [dead, ...more] = await eventually(async () => {
      const msgs = await readStream(env.jsm, DEAD_LETTER_STREAM);
      return msgs.length ? msgs : null;
    });
    await eventually(() => settled(c, 1));
    await sleep(100); // no further attempt after the dead letter
    expect(more).toHaveLength(0);
    expect(attempts).toBe(3);
    expect(dead!.subject).toBe(`dlq.IDENTITY.${c.deadLetterTarget.consumer}`);
    expect(dead!.header.get(DLQ_HEADERS.reason)).toMatch(/delivery 3 of 3: widget service exploded/);
    expect(dead!.header.get(DLQ_HEADERS.subject)).toBe(widgetCreated.subject);
    expect(dead!.header.get(DLQ_HEADERS.deliveries)).toBe('3');
    expect(new TextDecoder().decode(dead!.data)).toBe(body);
    expect(await effects(envelope.id)).toBe(0);
  });

  it('dead-letters an invalid payload at once, without calling the handler', async () => {
    const calls: string[] = [];
    const c = consumer([recordEffect(calls)]);
    await c.start();
    const envelope = newEnvelope();
    await publish(widgetCreated.subject, { ...envelope, payload: { widgetId: 'not-a-uuid' } });
    await publish(widgetCreated.subject, 'this is not json');

    const dead = await eventually(async () => {
      const msgs = await readStream(env.jsm, DEAD_LETTER_STREAM);
      return msgs.length === 2 ? msgs : null;
    });
    await eventually(() => settled(c, 2));
    expect(calls).toEqual([]);
    expect(dead.map((m) => m.header.get(DLQ_HEADERS.deliveries))).toEqual(['1', '1']);
    expect(dead[0]!.header.get(DLQ_HEADERS.reason)).toMatch(/invalid payload: payload\.widgetId.*payload\.name/);
    expect(dead[1]!.header.get(DLQ_HEADERS.reason)).toMatch(/not JSON/);
  });

  it('handles each subject with its own contract and acks subjects it does not handle', async () => {
    const renamed: string[] = [];
    const created: string[] = [];
    const c = consumer([
      recordEffect(created),
      onEvent(widgetRenamed, async (_em, event) => {
        renamed.push(event.payload.name);
      }),
    ]);
    await c.start();
    const widgetId = randomUUID();
    const create = newEnvelope('first');
    const rename = buildEnvelope(widgetRenamed, { aggregateId: widgetId, aggregateVersion: 2, payload: { widgetId, name: 'second' } });
    await publish(widgetCreated.subject, create);
    await publish('identity.evt.widget.deleted.v1', { anything: true });
    await publish(widgetRenamed.subject, rename);

    await eventually(() => renamed.length === 1 && created.length === 1);
    await eventually(() => settled(c, 3));
    expect(renamed).toEqual(['second']);
    expect(await readStream(env.jsm, DEAD_LETTER_STREAM)).toHaveLength(0);
  });

  it('filters on each handled subject (2.10+) or, on older servers, takes the whole stream and acks what it does not handle', async () => {
    const version = env.nc.info?.version ?? '';
    const c = consumer([recordEffect(), onEvent(widgetRenamed, async () => undefined)]);
    await c.start();
    const info = await env.jsm.consumers.info(c.stream, c.durableName);
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major > 2 || (major === 2 && minor >= 10)) {
      expect(info.config.filter_subjects?.sort()).toEqual([widgetCreated.subject, widgetRenamed.subject].sort());
    } else {
      // The fallback path: this is what runs against the nats-server the tests use today (2.9).
      expect(info.config.filter_subject).toBe('identity.evt.>');
      await publish('identity.evt.widget.deleted.v1', { anything: true });
      await eventually(() => settled(c, 1));
      expect(await readStream(env.jsm, DEAD_LETTER_STREAM)).toHaveLength(0);
    }
  });

  it.each([
    ['acks it as a duplicate when its inbox shows it was applied (the ack was lost)', true],
    ['dead-letters it when it was never applied (crash or hung handler)', false],
  ])('on a delivery past maxDeliver that never reached the error path, %s', async (_name, applied) => {
    const name = `expired-${applied}`;
    const envelope = newEnvelope();
    // Deliveries that ended without ack or nak from our code, as after crashes: drive them with a raw consumer.
    await env.jsm.consumers.add('IDENTITY', { durable_name: `${name}__IDENTITY`, ack_policy: AckPolicy.Explicit, filter_subject: widgetCreated.subject });
    await publish(widgetCreated.subject, envelope);
    const raw = await jetstream(env.nc).consumers.get('IDENTITY', `${name}__IDENTITY`);
    for (let i = 0; i < 3; i++) (await raw.next({ expires: 2_000 }))!.nak();
    if (applied) await env.orm.em.fork().insert(InboxEntry, { consumer: `${name}__IDENTITY`, eventId: envelope.id, processedAt: new Date() });

    const calls: string[] = [];
    const c = consumer([recordEffect(calls)], { consumer: name, maxDeliver: 3 });
    await c.start();
    await eventually(() => settled(c, 1));
    expect(calls).toEqual([]);
    const dead = await readStream(env.jsm, DEAD_LETTER_STREAM);
    if (applied) expect(dead).toHaveLength(0);
    else expect(dead.map((d) => d.header.get(DLQ_HEADERS.reason))).toEqual([expect.stringMatching(/delivered 4 times without being settled/)]);
  });

  it('is durable: a restarted consumer resumes with what was published while it was stopped', async () => {
    const calls: string[] = [];
    const first = consumer([recordEffect(calls)], { consumer: 'durable' });
    await first.start();
    const before = newEnvelope('before');
    await publish(widgetCreated.subject, before);
    await eventually(() => calls.length === 1);
    await first.stop();

    const whileStopped = newEnvelope('while-stopped');
    await publish(widgetCreated.subject, whileStopped);
    await sleep(50);
    expect(calls).toEqual([before.id]);

    const second = consumer([recordEffect(calls)], { consumer: 'durable' });
    await second.start();
    expect(second.durableName).toBe(first.durableName);
    await eventually(() => settled(second, 2));
    expect(calls).toEqual([before.id, whileStopped.id]);
  });

  it('applies waiting events in batches, once each, skipping an already applied one and isolating a poison one', async () => {
    const batches: string[][] = [];
    const c = consumer(
      [
        onEventBatch(
          widgetCreated,
          async (em, events) => {
            batches.push(events.map((e) => e.payload.name));
            if (events.some((e) => e.payload.name === 'poison')) throw new Error('poison widget');
            for (const event of events) em.persist(em.create(WidgetEffect, { eventId: event.id, name: event.payload.name }));
          },
          { maxBatch: 10 },
        ),
      ],
      { maxDeliver: 2 },
    );
    const applied = newEnvelope('applied-before');
    const good = Array.from({ length: 5 }, (_, i) => newEnvelope(`good-${i}`));
    const poison = newEnvelope('poison');
    // Waiting before the consumer starts, so they arrive together: an event this consumer
    // already applied (its inbox row exists), good ones, one good one twice, a poison one and
    // an unreadable message.
    await env.orm.em.fork().insert(InboxEntry, { consumer: c.durableName, eventId: applied.id, processedAt: new Date() });
    for (const body of [applied, good[0], good[1], poison, good[1], good[2], 'not json', good[3], good[4]]) await publish(widgetCreated.subject, body!);
    await c.start();

    const dead = await eventually(async () => {
      const msgs = await readStream(env.jsm, DEAD_LETTER_STREAM);
      return msgs.length === 2 ? msgs : null;
    });
    await eventually(() => settled(c, 9));
    for (const e of good) expect(await effects(e.id)).toBe(1);
    expect(await effects(applied.id)).toBe(0);
    expect(await effects(poison.id)).toBe(0);
    expect(dead.map((m) => m.header.get(DLQ_HEADERS.reason)).sort()).toEqual([expect.stringMatching(/not JSON/), expect.stringMatching(/delivery 2 of 2: poison widget/)]);
    // The first batch held several events (then failed on the poison one and went one by one).
    expect(batches[0]!.length).toBeGreaterThan(1);
    expect(batches[0]).not.toContain('applied-before');
  });

  it('a batch commits its events and their inbox rows together: a failing batch leaves none of them', async () => {
    let fail = true;
    const c = consumer([
      onEventBatch(widgetCreated, async (em, events) => {
        for (const event of events) em.persist(em.create(WidgetEffect, { eventId: event.id, name: event.payload.name }));
        await em.flush();
        if (fail && events.length > 1) {
          fail = false;
          throw new Error('transient failure after writing');
        }
      }),
    ]);
    const envelopes = Array.from({ length: 4 }, (_, i) => newEnvelope(`w-${i}`));
    for (const e of envelopes) await publish(widgetCreated.subject, e);
    await c.start();
    await eventually(() => settled(c, 4));
    expect(fail).toBe(false);
    for (const e of envelopes) expect(await effects(e.id)).toBe(1);
    expect(await env.orm.em.fork().count(InboxEntry, { consumer: c.durableName })).toBe(4);
  });

  it('a batch stops at a message of another subject, which is then handled by its own handler, in stream order', async () => {
    const seen: string[] = [];
    const c = consumer([
      onEventBatch(widgetCreated, async (em, events) => {
        seen.push(`created:${events.map((e) => e.payload.name).join('+')}`);
        for (const event of events) em.persist(em.create(WidgetEffect, { eventId: event.id, name: event.payload.name }));
      }),
      onEvent(widgetRenamed, async (_em, event) => {
        seen.push(`renamed:${event.payload.name}`);
      }),
    ]);
    const widgetId = randomUUID();
    const created = ['a', 'b', 'c', 'd'].map((name) => newEnvelope(name));
    await publish(widgetCreated.subject, created[0]);
    await publish(widgetCreated.subject, created[1]);
    await publish(widgetRenamed.subject, buildEnvelope(widgetRenamed, { aggregateId: widgetId, aggregateVersion: 2, payload: { widgetId, name: 'r' } }));
    await publish(widgetCreated.subject, created[2]);
    await publish(widgetCreated.subject, created[3]);
    await c.start();

    await eventually(() => settled(c, 5));
    for (const e of created) expect(await effects(e.id)).toBe(1);
    expect(seen.join(' ')).toMatch(/^created:a(\+b)? (created:b )?renamed:r created:c(\+d)?( created:d)?$/);
  });

  it('stop() waits for the message in flight to commit and be acked', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered = false;
    const c = consumer([
      onEvent(widgetCreated, async (em, event) => {
        entered = true;
        await gate;
        em.persist(em.create(WidgetEffect, { eventId: event.id, name: event.payload.name }));
      }),
    ]);
    await c.start();
    const envelope = newEnvelope();
    await publish(widgetCreated.subject, envelope);
    await eventually(() => entered);

    let stopped = false;
    const stopping = c.stop().then(() => (stopped = true));
    await sleep(100);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await effects(envelope.id)).toBe(1);
    await eventually(() => settled(c, 1));
  });
});

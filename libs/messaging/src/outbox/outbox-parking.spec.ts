import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { z } from 'zod';
import { defineEvent } from '#libs/contracts';
import { eventually, readStream, startMessagingEnv, widgetCreated, type MessagingEnv } from '../messaging.test-support.js';
import { enqueueEvent } from './outbox.js';
import { OutboxMessage } from './outbox.entity.js';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';
import { listParked, releaseParked } from './parked-outbox.js';

jest.setTimeout(30_000);

const MAX_PAYLOAD = 8 * 1024;

/** A producer whose stream does not exist on this server (only IDENTITY does). */
const orphanEvent = defineEvent({
  subject: 'roster.evt.widget.created.v1',
  description: 'test-only: an event no stream takes',
  payload: z.object({ widgetId: z.uuid(), name: z.string() }),
});

let env: MessagingEnv;
const relays: OutboxRelay[] = [];

function relay(opts: Partial<OutboxRelayOptions> = {}): OutboxRelay {
  const r = new OutboxRelay({ orm: env.orm, nc: env.nc, pollIntervalMs: 20, publishTimeoutMs: 1000, retry: { baseMs: 20, maxMs: 100 }, ...opts });
  relays.push(r);
  return r;
}

async function enqueue(name: string, contract = widgetCreated): Promise<string> {
  return env.orm.em.fork().transactional(async (em) => {
    const widgetId = randomUUID();
    return enqueueEvent(em, contract, { aggregateId: widgetId, aggregateVersion: 1, payload: { widgetId, name } }).id;
  });
}

const row = (id: string) => env.orm.em.fork().findOneOrFail(OutboxMessage, id);
const publishedIds = async () => (await readStream(env.jsm, 'IDENTITY')).map((m) => m.header.get('Nats-Msg-Id'));

beforeAll(async () => {
  env = await startMessagingEnv({ nats: { maxPayload: MAX_PAYLOAD } });
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  await env.jsm.streams.purge('IDENTITY');
  await env.orm.em.fork().nativeDelete(OutboxMessage, {});
});
afterAll(async () => env?.close());

describe('OutboxRelay parking (real NATS with a small max_payload, real Postgres)', () => {
  it('publishes the rows behind one that is too big, while it is still being retried', async () => {
    const first = await enqueue('first');
    const big = await enqueue('x'.repeat(MAX_PAYLOAD * 2));
    const after = await enqueue('after');
    relay({ maxAttempts: 1_000 }).start();

    await eventually(async () => (await publishedIds()).length === 2);
    expect(await publishedIds()).toEqual([first, after]);
    await eventually(async () => (await row(big)).attempts >= 2);
    expect((await row(big)).publishedAt).toBeNull();
  });

  it('parks a row bigger than the server max_payload after bounded attempts, with its reason, and reports it', async () => {
    const parkedReports: string[] = [];
    const big = await enqueue('x'.repeat(MAX_PAYLOAD * 2));
    const after = await enqueue('after');
    relay({ maxAttempts: 3, onParked: (r, reason) => parkedReports.push(`${r.id}: ${reason}`) }).start();

    const parked = await eventually(async () => {
      const r = await row(big);
      return r.parkedAt ? r : null;
    });
    expect(parked.attempts).toBe(3);
    expect(parked.publishedAt).toBeNull();
    expect(parked.parkedReason).toMatch(/payload too large/);
    expect(parkedReports).toEqual([expect.stringMatching(new RegExp(`^${big}: payload too large`))]);
    await eventually(async () => (await publishedIds()).includes(after));
    expect(await publishedIds()).toEqual([after]);
  });

  it('parks a row whose subject no stream takes, and keeps publishing the others', async () => {
    const orphan = await enqueue('orphan', orphanEvent as unknown as typeof widgetCreated);
    const after = await enqueue('after');
    relay({ maxAttempts: 2 }).start();

    const parked = await eventually(async () => {
      const r = await row(orphan);
      return r.parkedAt ? r : null;
    });
    expect(parked.parkedReason).toBe('no JetStream stream takes subject roster.evt.widget.created.v1');
    await eventually(async () => (await publishedIds()).includes(after));
  });

  it('publishes a parked row under its own event id once an operator releases it after fixing the cause', async () => {
    const orphan = await enqueue('orphan', orphanEvent as unknown as typeof widgetCreated);
    const stays = await enqueue('x'.repeat(MAX_PAYLOAD * 2));
    relay({ maxAttempts: 2 }).start();
    await eventually(async () => (await listParked(env.orm.em)).length === 2);
    expect((await listParked(env.orm.em, { ids: [orphan] })).map((r) => [r.id, r.attempts, r.parkedReason])).toEqual([
      [orphan, 2, 'no JetStream stream takes subject roster.evt.widget.created.v1'],
    ]);

    // The fix: a stream for the subject. Only the released row goes back to the relay.
    await env.jsm.streams.add({ name: 'WIDGETS', subjects: ['roster.evt.widget.>'] });
    try {
      expect((await releaseParked(env.orm.em, { ids: [orphan] })).map((r) => r.id)).toEqual([orphan]);
      const published = await eventually(async () => {
        const msgs = await readStream(env.jsm, 'WIDGETS');
        return msgs.length ? msgs : null;
      });
      expect(published.map((m) => m.header.get('Nats-Msg-Id'))).toEqual([orphan]);
      await eventually(async () => (await row(orphan)).publishedAt !== null);
      expect((await listParked(env.orm.em)).map((r) => r.id)).toEqual([stays]);
      // Releasing what is not parked changes nothing.
      expect(await releaseParked(env.orm.em, { ids: [orphan] })).toEqual([]);
    } finally {
      await env.jsm.streams.delete('WIDGETS');
    }
  });

  it('does not park rows while NATS itself is away', async () => {
    const id = await enqueue('offline');
    const r = relay({ maxAttempts: 1 });
    await env.nats.stop({ keepStore: true });
    try {
      r.start();
      await eventually(async () => (await row(id)).attempts >= 2, 10_000);
      expect((await row(id)).parkedAt).toBeNull();
    } finally {
      await env.nats.restart();
    }
    await eventually(async () => (await publishedIds()).includes(id), 15_000);
    expect((await row(id)).parkedAt).toBeNull();
  });
});

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import { AppError, type EventEnvelope } from '#libs/contracts';
import { buildEnvelope } from '../events/envelope.js';
import { DEAD_LETTER_STREAM } from '../events/streams.js';
import { eventually, readStream, startMessagingEnv, WidgetEffect, widgetCreated, type MessagingEnv } from '../messaging.test-support.js';
import { EventConsumer } from '../inbox/event-consumer.js';
import { onEvent } from '../inbox/event-handler.js';
import { listDeadLetters, replayDeadLetters, REPLAYED_FROM_HEADER } from './dead-letters.js';

jest.setTimeout(60_000);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const run = promisify(execFile);

/** Runs the operator command exactly as `npm run dlq -- <args>` does. */
function dlq(...args: string[]) {
  return run(
    process.execPath,
    ['--conditions=development', '--import', '@swc-node/register/esm-register', 'libs/messaging/src/dead-letter/dlq.cli.ts', ...args],
    { cwd: repoRoot, env: { ...process.env, ...env.nats.envFor('admin'), NODE_OPTIONS: '' } },
  );
}

let env: MessagingEnv;
let fixed = false;
const consumers: EventConsumer[] = [];

/** `fragile` refuses widgets named "bad" until the bug is fixed; `steady` applies everything. */
function start(name: 'fragile' | 'steady') {
  const c = new EventConsumer({
    consumer: name,
    nc: env.nc,
    orm: env.orm,
    maxDeliver: 2,
    retry: { baseMs: 10, maxMs: 20, jitter: 0 },
    handlers: [
      onEvent(widgetCreated, async (em, event) => {
        if (name === 'fragile' && event.payload.name === 'bad' && !fixed) throw new AppError('unprocessable', 'Refused', 'bad widget');
        em.persist(em.create(WidgetEffect, { eventId: event.id, name: `${name}:${event.payload.name}` }));
      }),
    ],
  });
  consumers.push(c);
  return c.start();
}

const effects = (eventId: string) => env.orm.em.fork().find(WidgetEffect, { eventId }, { orderBy: { name: 'asc' } });

async function publishEvent(name: string): Promise<EventEnvelope> {
  const widgetId = randomUUID();
  const envelope = buildEnvelope(widgetCreated, { aggregateId: widgetId, aggregateVersion: 1, payload: { widgetId, name } });
  // As the relay does: Nats-Msg-Id = event id.
  await jetstream(env.nc).publish(widgetCreated.subject, JSON.stringify(envelope), { msgID: envelope.id });
  return envelope;
}

beforeAll(async () => {
  env = await startMessagingEnv();
  await start('fragile');
  await start('steady');
});
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await env?.close();
});

describe('dead-letter list and replay (real NATS and Postgres)', () => {
  let bad: EventEnvelope;

  it('lists what a consumer dead-lettered, with the reason, per stream and consumer', async () => {
    const good = await publishEvent('good');
    bad = await publishEvent('bad');
    await eventually(async () => (await readStream(env.jsm, DEAD_LETTER_STREAM)).length === 1);
    await eventually(async () => (await effects(good.id)).length === 2);

    const letters = await listDeadLetters(env.nc, { stream: 'IDENTITY' });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      consumer: 'fragile',
      stream: 'IDENTITY',
      subject: widgetCreated.subject,
      eventId: bad.id,
      deliveries: 2,
      reason: expect.stringMatching(/bad widget/),
    });
    expect(await listDeadLetters(env.nc, { stream: 'IDENTITY', consumer: 'steady' })).toEqual([]);
    expect(await listDeadLetters(env.nc, { stream: 'ROSTER' })).toEqual([]);

    const { stdout } = await dlq('list', 'IDENTITY', '--consumer', 'fragile');
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ consumer: 'fragile', eventId: bad.id, subject: widgetCreated.subject })]);
  });

  it('replays into the original stream (inside its duplicate window), applies once per consumer and empties the DLQ', async () => {
    fixed = true;
    const { stderr } = await dlq('replay', 'IDENTITY', '--consumer', 'fragile');
    expect(stderr).toMatch(/replayed 1 dead letter/);

    // fragile applies it now; steady had applied it already and skips the copy through its inbox.
    await eventually(async () => (await effects(bad.id)).length === 2);
    expect((await effects(bad.id)).map((e) => e.name)).toEqual(['fragile:bad', 'steady:bad']);
    expect(await readStream(env.jsm, DEAD_LETTER_STREAM)).toHaveLength(0);
    const copies = (await readStream(env.jsm, 'IDENTITY')).filter((m) => m.json<EventEnvelope>().id === bad.id);
    expect(copies).toHaveLength(2);
    expect(copies[1]!.header.get(REPLAYED_FROM_HEADER)).toMatch(/^\d+$/);
    await eventually(async () => {
      const infos = await Promise.all(consumers.map((c) => env.jsm.consumers.info(c.stream, c.durableName)));
      return infos.every((i) => i.num_pending === 0 && i.num_ack_pending === 0);
    });
    expect((await effects(bad.id)).length).toBe(2);
    expect((await replayDeadLetters(env.nc, { stream: 'IDENTITY' })).replayed).toEqual([]);
  });

  it('refuses a malformed command with usage', async () => {
    await expect(dlq('purge', 'IDENTITY')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/usage: npm run dlq/) });
  });
});

import { jest } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import { z } from 'zod';
import { AppError, defineCommand } from '#libs/contracts';
import { DEAD_LETTER_STREAM, intakeStreamSpec, upsertStream } from '../events/streams.js';
import { eventually, readStream, sleep, startMessagingEnv, type MessagingEnv } from '../messaging.test-support.js';
import { CommandConsumer, onCommands, type Command, type CommandConsumerOptions } from './command-consumer.js';
import { DLQ_HEADERS } from './dead-letter.js';

jest.setTimeout(60_000);

const countUp = defineCommand({ subject: 'metrics-ingestion.cmd.counts.v1', description: 'test-only: a run of numbers', payload: z.object({ n: z.number().int(), size: z.number().int().positive() }).strict() });
const other = defineCommand({ subject: 'metrics-ingestion.cmd.others.v1', description: 'test-only: another command', payload: z.object({ n: z.number().int() }).strict() });
type Counted = Command<typeof countUp>;

let env: MessagingEnv;
let consumer: CommandConsumer | undefined;

async function publish(subject: string, body: unknown) {
  await jetstream(env.nc).publish(subject, typeof body === 'string' ? body : JSON.stringify(body));
}

function start(apply: (commands: Counted[]) => Promise<void>, opts: Partial<CommandConsumerOptions> = {}): CommandConsumer {
  consumer = new CommandConsumer({
    service: 'metrics-ingestion',
    nc: env.nc,
    orm: env.orm,
    handlers: [onCommands([countUp], apply, { weigh: (c) => c.payload.size, maxWeight: 10 })],
    maxDeliver: 3,
    retry: { baseMs: 20, maxMs: 50, jitter: 0 },
    outageBackoff: { baseMs: 50, maxMs: 200 },
    ...opts,
  });
  return consumer;
}

async function drained(c: CommandConsumer): Promise<boolean> {
  const info = await env.jsm.consumers.info(c.stream, c.durableName);
  return info.num_pending === 0 && info.num_ack_pending === 0;
}

beforeAll(async () => {
  env = await startMessagingEnv();
  await upsertStream(env.jsm, intakeStreamSpec('metrics-ingestion'));
});

afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
  await env.jsm.streams.purge(DEAD_LETTER_STREAM);
});

afterAll(async () => env?.close());

describe('CommandConsumer (the work-queue intake, real NATS and Postgres)', () => {
  it('applies waiting commands in stream order, in parts within the handler\'s weight, acking each after its part', async () => {
    const parts: number[][] = [];
    for (let n = 1; n <= 6; n++) await publish(countUp.subject, { n, size: 4 });
    const c = start(async (commands) => {
      parts.push(commands.map((cmd) => cmd.payload.n));
    });
    await c.start();
    expect(c.durableName).toBe('metrics-ingestion__METRICS_INGESTION_INTAKE');

    await eventually(() => drained(c));
    expect(parts.flat()).toEqual([1, 2, 3, 4, 5, 6]);
    // Waiting together, they were applied several at a time, never more than 10 "records" per part.
    expect(parts.length).toBeLessThan(6);
    for (const part of parts) expect(part.length * 4).toBeLessThanOrEqual(10);
    // A work queue: what was acked is gone from the stream.
    expect((await env.jsm.streams.info(c.stream)).state.messages).toBe(0);
  });

  it('bounds a round by bytes: commands past the bound wait for the next round, and a command larger than the bound goes alone', async () => {
    // Each body, {"n":N,"size":1}, is 16 bytes: two fit in 40, a third does not.
    for (let n = 1; n <= 6; n++) await publish(countUp.subject, { n, size: 1 });
    const parts: number[][] = [];
    const c = start(async (commands) => void parts.push(commands.map((cmd) => cmd.payload.n)), { roundBytes: 40 });
    await c.start();
    await eventually(() => drained(c));
    expect(parts.flat()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2);
    await c.stop();

    for (let n = 7; n <= 9; n++) await publish(countUp.subject, { n, size: 1 });
    const alone: number[][] = [];
    const d = start(async (commands) => void alone.push(commands.map((cmd) => cmd.payload.n)), { roundBytes: 10 });
    await d.start();
    await eventually(() => drained(d));
    expect(alone).toEqual([[7], [8], [9]]);
  });

  it('dead-letters a message that is not a valid command at once, without applying it', async () => {
    const applied: number[] = [];
    const c = start(async (commands) => {
      applied.push(...commands.map((cmd) => cmd.payload.n));
    });
    await c.start();
    await publish(countUp.subject, 'not json');
    await publish(countUp.subject, { n: 'seven', size: 1 });
    await publish(other.subject, { n: 1 });
    await publish(countUp.subject, { n: 8, size: 1 });

    const dead = await eventually(async () => {
      const msgs = await readStream(env.jsm, DEAD_LETTER_STREAM);
      return msgs.length === 3 ? msgs : null;
    });
    await eventually(() => drained(c));
    expect(applied).toEqual([8]);
    expect(dead.map((m) => m.subject)).toEqual(new Array(3).fill('dlq.METRICS_INGESTION_INTAKE.metrics-ingestion'));
    expect(dead.map((m) => m.header.get(DLQ_HEADERS.reason))).toEqual([
      'body is not JSON',
      expect.stringMatching(/^invalid payload: n /),
      'no handler for metrics-ingestion.cmd.others.v1',
    ]);
    expect(dead.map((m) => m.header.get(DLQ_HEADERS.deliveries))).toEqual(['1', '1', '1']);
  });

  it('retries a refused part command by command: the refused one is dead-lettered after bounded retries, the others applied once', async () => {
    const attempts = new Map<number, number>();
    const applied: number[] = [];
    const c = start(async (commands) => {
      for (const cmd of commands) attempts.set(cmd.payload.n, (attempts.get(cmd.payload.n) ?? 0) + 1);
      if (commands.some((cmd) => cmd.payload.n === 13)) throw new AppError('unprocessable', 'Refused', 'thirteen is refused');
      applied.push(...commands.map((cmd) => cmd.payload.n));
    });
    for (const n of [11, 12, 13, 14]) await publish(countUp.subject, { n, size: 1 });
    await c.start();

    const dead = await eventually(async () => {
      const msgs = await readStream(env.jsm, DEAD_LETTER_STREAM);
      return msgs.length === 1 ? msgs : null;
    });
    await eventually(() => drained(c));
    expect(applied.sort()).toEqual([11, 12, 14]);
    expect(dead[0]!.header.get(DLQ_HEADERS.reason)).toMatch(/delivery 3 of 3: .*thirteen is refused/);
    // Three deliveries of 13, plus its try inside the part when the four arrived as one round.
    expect([3, 4]).toContain(attempts.get(13));
  });

  it('pauses while a dependency is away, holding its commands, then applies every one once and in order', async () => {
    let away = true;
    const applied: number[] = [];
    const c = start(async (commands) => {
      if (away) throw new AppError('unavailable', 'Database away', 'the database does not answer');
      applied.push(...commands.map((cmd) => cmd.payload.n));
    }, { ackWaitMs: 1_000 });
    await c.start();
    for (let n = 21; n <= 30; n++) {
      await publish(countUp.subject, { n, size: 3 });
      await sleep(50);
    }
    await eventually(() => c.isPaused());
    // Longer than the ack wait: held messages are kept alive, not redelivered or counted as failures.
    await sleep(2_500);
    expect(c.isPulling()).toBe(true);
    expect(applied).toEqual([]);
    away = false;

    await eventually(() => applied.length === 10);
    await eventually(() => drained(c));
    expect(applied).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(c.isPaused()).toBe(false);
    expect(await readStream(env.jsm, DEAD_LETTER_STREAM)).toHaveLength(0);
  });

  it('takes only its own service\'s commands, each once', () => {
    const foreign = defineCommand({ subject: 'roster.cmd.notes.v1', description: 'test-only', payload: z.object({}) });
    expect(() => new CommandConsumer({ service: 'metrics-ingestion', nc: env.nc, orm: env.orm, handlers: [onCommands([foreign], async () => undefined)] })).toThrow(
      /cannot take roster\.cmd\.notes\.v1/,
    );
    expect(
      () => new CommandConsumer({ service: 'metrics-ingestion', nc: env.nc, orm: env.orm, handlers: [onCommands([countUp], async () => undefined), onCommands([countUp], async () => undefined)] }),
    ).toThrow(/two handlers for metrics-ingestion\.cmd\.counts\.v1/);
  });
});

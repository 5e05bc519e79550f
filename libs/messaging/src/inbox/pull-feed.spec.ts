import { jest } from '@jest/globals';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type NatsServerHandle } from '#libs/testing';
import { silentLogger } from '../events/logger.js';
import { PullFeed } from './pull-feed.js';

jest.setTimeout(60_000);

const STREAM = 'PULL_FEED';

let nats: NatsServerHandle;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  nats = await startNatsServer({ provision: false });
  nc = await nats.connect('admin');
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: STREAM, subjects: ['pull-feed.>'] });
}, 60_000);
afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

/** A durable of its own on STREAM holding `count` messages of `bytes` each, and a feed on it. */
async function feedOver(durable: string, count: number, bytes: number, batch: number): Promise<PullFeed> {
  await jsm.consumers.add(STREAM, { durable_name: durable, ack_policy: AckPolicy.Explicit, ack_wait: nanos(60_000), filter_subject: `pull-feed.${durable}` });
  const js = jetstream(nc);
  for (let i = 0; i < count; i++) await js.publish(`pull-feed.${durable}`, new Uint8Array(bytes));
  const consumer = await js.consumers.get(STREAM, durable);
  return new PullFeed({ nc, consumer, batch, expiresMs: 1_000, retry: { baseMs: 50, maxMs: 200 }, logger: silentLogger, durable });
}

const unacked = async (durable: string) => (await jsm.consumers.info(STREAM, durable)).num_ack_pending;

describe('a pull feed', () => {
  it('brings every message once, in stream order, across many pull requests', async () => {
    const feed = await feedOver('ordered', 50, 16, 7);
    const seqs: number[] = [];
    for await (const msg of feed) {
      seqs.push(msg.seq);
      msg.ack();
      if (seqs.length === 50) feed.finish();
    }
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => seqs[0]! + i));
  });

  // Large messages fill many socket reads, so most deliveries are still on their way when the
  // first is read, and that is when the loop pauses.
  it('finished as its first message is read, still brings every message delivered to it; closed then, it strands some', async () => {
    const finished = await feedOver('finished', 80, 64 * 1024, 80);
    let read = 0;
    for await (const _ of finished) if (read++ === 0) finished.finish();
    expect(read).toBe(80);
    expect(await unacked('finished')).toBe(read);

    // The control: cutting the pull leaves deliveries that nobody reads, unacked until the ack wait.
    const closed = await feedOver('closed', 80, 64 * 1024, 80);
    read = 0;
    for await (const _ of closed) if (read++ === 0) void closed.close();
    expect(await unacked('closed')).toBeGreaterThan(read);
  });
});

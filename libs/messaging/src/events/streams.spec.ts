import { jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type NatsServerHandle } from '#libs/testing';
import { DEAD_LETTER_STREAM, deadLetterSubject, ensureStreams, eventStreamSpec, upsertStream } from './streams.js';

let nats: NatsServerHandle;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  nats = await startNatsServer({ provision: false });
  nc = await nats.connect();
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

describe('ensureStreams', () => {
  it('creates one file-backed stream per producing service and the dead-letter stream', async () => {
    await ensureStreams(jsm, ['identity', 'metrics-ingestion', 'identity']);

    const names = [];
    for await (const name of jsm.streams.names()) names.push(name);
    expect(names.sort()).toEqual([DEAD_LETTER_STREAM, 'IDENTITY', 'METRICS_INGESTION']);

    const identity = (await jsm.streams.info('IDENTITY')).config;
    expect(identity.subjects).toEqual(['identity.evt.>']);
    expect(identity.storage).toBe(StorageType.File);
    expect(identity.duplicate_window).toBe(nanos(120_000));
    expect((await jsm.streams.info('METRICS_INGESTION')).config.subjects).toEqual(['metrics-ingestion.evt.>']);
    expect((await jsm.streams.info(DEAD_LETTER_STREAM)).config.subjects).toEqual(['dlq.>']);
  });

  it('creates memory-backed streams when told to (throwaway setups), never changing an existing stream\'s storage', async () => {
    const other = await startNatsServer({ provision: false });
    const otherConnection = await other.connect();
    try {
      const otherJsm = await jetstreamManager(otherConnection);
      await ensureStreams(otherJsm, ['roster'], { storage: 'memory' });
      expect((await otherJsm.streams.info('ROSTER')).config.storage).toBe(StorageType.Memory);
      await ensureStreams(otherJsm, ['roster'], { storage: 'file' });
      expect((await otherJsm.streams.info('ROSTER')).config.storage).toBe(StorageType.Memory);
    } finally {
      await otherConnection.close();
      await other.stop();
    }
  });

  it('is idempotent and converges an existing stream to the new settings, keeping its messages', async () => {
    await ensureStreams(jsm, ['identity']);
    await jsm.jetstream().publish('identity.evt.widget.created.v1', '{}');
    await ensureStreams(jsm, ['identity'], { duplicateWindowMs: 30_000 });

    const info = await jsm.streams.info('IDENTITY');
    expect(info.config.duplicate_window).toBe(nanos(30_000));
    expect(info.state.messages).toBe(1);
  });

  it('surfaces the server\'s real refusal instead of converging a stream that was never created', async () => {
    const other = await startNatsServer({ provision: false });
    const otherConnection = await other.connect();
    try {
      const otherJsm = await jetstreamManager(otherConnection);
      await otherJsm.streams.add({ name: 'SQUATTER', subjects: ['campaigns.evt.>'] });
      await expect(upsertStream(otherJsm, eventStreamSpec('campaigns'))).rejects.toThrow(/overlap/i);
    } finally {
      await otherConnection.close();
      await other.stop();
    }
  });

  it('routes dead letters of each consumer to its own subject in the dead-letter stream', async () => {
    expect(deadLetterSubject('IDENTITY', 'campaigns')).toBe('dlq.IDENTITY.campaigns');
    const ack = await jsm.jetstream().publish(deadLetterSubject('IDENTITY', 'campaigns'), 'x');
    expect(ack.stream).toBe(DEAD_LETTER_STREAM);
  });
});

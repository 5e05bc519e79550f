import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  ingestionCommands,
  ingestionContracts as c,
  fromVideoColumns,
  ingestionEvents,
  INGESTION_INTAKE_STREAM,
  OBSERVATION_BYTES_PER_EVENT,
  streamOf,
  type ObservationsRecordedPayload,
} from '#libs/contracts';
import { deadLetterSubject, decodeEvent, RequestClient } from '#libs/messaging';
import { bootService, eventually, seededRandom, syntheticCreator, type ServiceUnderTest } from '#libs/testing';
import { metricsIngestionApp } from '../metrics-ingestion.app.js';

/**
 * Ingestion through both doors (NATS request from the gateway, JetStream intake from
 * connectors) against a real nats-server and PostgreSQL.
 */
jest.setTimeout(30_000);

describe('metrics-ingestion (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  let db: pg.Client;

  beforeAll(async () => {
    sut = await bootService(metricsIngestionApp);
    db = await sut.sql();
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
  });

  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number((await db.query(`select count(*)::int as n from metrics_ingestion.${table} where ${where}`, params)).rows[0].n);

  /** Every observations-recorded event on the service's stream, decoded. */
  /** Each recorded event's payload, videos back as records, with the size of the message as sent. */
  async function recordedEvents(): Promise<(ObservationsRecordedPayload & { messageBytes: number })[]> {
    const jsm = await jetstreamManager(sut.clientConnection);
    const info = await jsm.streams.info(streamOf('metrics-ingestion'));
    const out: (ObservationsRecordedPayload & { messageBytes: number })[] = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage(streamOf('metrics-ingestion'), { seq }).catch(() => null);
      if (!msg) continue;
      const decoded = decodeEvent(ingestionEvents.recordedV2, msg.data);
      if (decoded.ok) out.push({ ...decoded.envelope.payload, videos: fromVideoColumns(decoded.envelope.payload.videos), messageBytes: msg.data.length });
    }
    return out;
  }

  const video = (over: Record<string, unknown> = {}) => ({
    observationId: randomUUID(),
    creatorId: randomUUID(),
    videoId: `v${Math.floor(Math.random() * 1e12)}`,
    postedAt: '2026-11-20T18:00:00.000Z',
    observedAt: '2026-11-21T06:00:00.000Z',
    views: 1000,
    sixSecondViews: 400,
    completedViews: 120,
    likes: 80,
    comments: 4,
    shares: 6,
    avgWatchSeconds: 8.2,
    ...over,
  });

  it('keeps the good records of a mixed batch and names each bad one', async () => {
    const good = [video(), video()];
    const result = await sut.client.request(c.videos, { records: [good[0], { ...video(), views: 'many' }, good[1], { nonsense: true }] });
    expect(result).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, reason: expect.stringMatching(/^views: /) },
        { index: 3, reason: expect.stringContaining('observationId') },
      ],
      flagged: [],
    });
    expect(await count('video_observations', 'observation_id = any($1)', [good.map((g) => g.observationId)])).toBe(2);
  });

  it('is idempotent by observationId: a replayed batch stores and announces nothing new', async () => {
    const records = [video(), video(), video()];
    expect(await sut.client.request(c.videos, { records })).toMatchObject({ accepted: 3, duplicates: 0 });
    await eventually(async () => (await recordedEvents()).some((e) => e.videos.some((v) => v.observationId === records[0]!.observationId)));
    const before = (await recordedEvents()).length;
    expect(await sut.client.request(c.videos, { records: [...records, records[1]] })).toEqual({ accepted: 0, duplicates: 4, rejected: [], flagged: [] });
    expect(await count('video_observations', 'observation_id = any($1)', [records.map((r) => r.observationId)])).toBe(3);
    // The relay runs after commit; nothing was committed, so nothing can follow.
    await new Promise((r) => setTimeout(r, 700));
    expect((await recordedEvents()).length).toBe(before);
  });

  it('keeps a lower counter but flags it, judged against the previous observation in time (whatever the arrival order)', async () => {
    const base = video();
    const at = (h: number) => new Date(Date.parse('2026-11-21T00:00:00.000Z') + h * 3_600_000).toISOString();
    const later = { ...base, observationId: randomUUID(), observedAt: at(10), views: 2000, sixSecondViews: 800, likes: 150 };
    const earlier = { ...base, observationId: randomUUID(), observedAt: at(5), views: 1500 };
    const dropped = { ...base, observationId: randomUUID(), observedAt: at(12), views: 1900, sixSecondViews: 800, likes: 150 };
    expect((await sut.client.request(c.videos, { records: [later] })).flagged).toEqual([]);
    // Out of order but lower than nothing before it: not a regression.
    expect((await sut.client.request(c.videos, { records: [earlier] })).flagged).toEqual([]);
    const result = await sut.client.request(c.videos, { records: [dropped] });
    expect(result.accepted).toBe(1);
    expect(result.flagged).toEqual([{ index: 0, reason: `counters went down since the observation of ${at(10)}: views 2000 → 1900` }]);
    const { rows } = await db.query('select regression from metrics_ingestion.video_observations where observation_id = $1', [dropped.observationId]);
    expect(rows[0].regression).toContain('views 2000 → 1900');
  });

  it('flags a drop against an earlier observation of the same batch', async () => {
    const base = video();
    const at = (h: number) => new Date(Date.parse('2026-11-22T00:00:00.000Z') + h * 3_600_000).toISOString();
    const first = { ...base, observationId: randomUUID(), observedAt: at(1), views: 3000 };
    const second = { ...base, observationId: randomUUID(), observedAt: at(2), views: 2500 };
    const result = await sut.client.request(c.videos, { records: [second, first] });
    expect(result.accepted).toBe(2);
    expect(result.flagged).toEqual([{ index: 0, reason: `counters went down since the observation of ${at(1)}: views 3000 → 2500` }]);
  });

  it('announces exactly the new observations, in parts that fit a NATS message', async () => {
    const creator = syntheticCreator(seededRandom(7), { videos: 200, observationsPerVideo: 20, until: new Date('2026-11-29T00:00:00Z'), days: 60 });
    expect(creator.videos).toHaveLength(4000);
    // Two requests of 2,000 (a request must fit a NATS message too); each batch is about 650 KB of records.
    // A batch this size takes a while to commit on a busy machine.
    const patient = new RequestClient(sut.clientConnection, 30_000);
    for (const half of [creator.videos.slice(0, 2000), creator.videos.slice(2000)]) {
      expect(await patient.request(c.videos, { records: half })).toMatchObject({ accepted: 2000, duplicates: 0, rejected: [] });
    }
    await eventually(async () => {
      const mine = (await recordedEvents()).filter((e) => e.videos.some((v) => v.creatorId === creator.creatorId));
      expect(mine.length).toBeGreaterThanOrEqual(4);
      for (const e of mine) expect(e.messageBytes).toBeLessThan(OBSERVATION_BYTES_PER_EVENT + 1024);
      expect(new Set(mine.flatMap((e) => e.videos.map((v) => v.observationId))).size).toBe(4000);
      return true;
    });
  });

  it('takes follower and audience snapshots through the connectors\' JetStream intake, acking after commit', async () => {
    const creator = syntheticCreator(seededRandom(11), { videos: 1, observationsPerVideo: 1, until: new Date('2026-11-29T00:00:00Z'), days: 10 });
    const js = jetstream(sut.clientConnection);
    await js.publish(ingestionCommands.followers.subject, JSON.stringify({ records: creator.followers }));
    await js.publish(ingestionCommands.audience.subject, JSON.stringify({ records: [...creator.audience, { ...creator.audience[0], observationId: 'bad' }] }));
    // A replayed connector message changes nothing.
    await js.publish(ingestionCommands.followers.subject, JSON.stringify({ records: creator.followers }));
    await eventually(async () => {
      expect(await count('follower_snapshots', 'creator_id = $1', [creator.creatorId])).toBe(11);
      expect(await count('audience_snapshots', 'creator_id = $1', [creator.creatorId])).toBe(1);
      return true;
    });
    const jsm = await jetstreamManager(sut.clientConnection);
    await eventually(async () => (await jsm.streams.info(INGESTION_INTAKE_STREAM)).state.messages === 0);
  });

  it('dead-letters an intake message that is not a batch at all', async () => {
    const js = jetstream(sut.clientConnection);
    await js.publish(ingestionCommands.videos.subject, 'not json');
    const jsm = await jetstreamManager(sut.clientConnection);
    await eventually(async () => {
      const { state } = await jsm.streams.info('DEAD_LETTER');
      const msg = state.messages ? await jsm.streams.getMessage('DEAD_LETTER', { seq: state.last_seq }) : null;
      return msg?.subject === deadLetterSubject(INGESTION_INTAKE_STREAM, 'metrics-ingestion') && msg.header.get('tp-dlq-reason') === 'body is not JSON';
    });
  });
});

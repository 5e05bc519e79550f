import { jetstream } from '@nats-io/jetstream';
import pg from 'pg';
import { ingestionEvents, toVideoColumns, type VideoObservation } from '#libs/contracts';
import { buildEnvelope } from '#libs/messaging';
import { bootService, eventually, seededRandom, seededUuid, type ServiceUnderTest } from '#libs/testing';
import { metricsApp } from '../metrics.app.js';
import { publishObservations } from '../metrics.test-support.js';

/**
 * The rollups the consumer writes (staged by COPY, merged set-based, several events per
 * transaction, events of both versions) against a computation straight from the observations:
 * for each video the observation with the latest observedAt (then observationId) counts,
 * whatever order or grouping the events came in, a redelivered event counts once, and lower
 * counters in a newer observation still count.
 */
describe('observation rollups (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  let db: pg.Client;

  beforeAll(async () => {
    sut = await bootService(metricsApp, { BENCHMARK_INTERVAL_MS: '3600000' });
    db = await sut.sql();
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
  });

  const rng = seededRandom(24);
  const creators = Array.from({ length: 3 }, () => seededUuid(rng));
  const day = (d: number, h = 0) => new Date(Date.UTC(2026, 10, d, h)).toISOString();

  /** Five growing observations of each video, one of them lower than the one before, two sharing an instant. */
  function observations(): VideoObservation[] {
    const out: VideoObservation[] = [];
    for (const [c, creatorId] of creators.entries()) {
      for (let v = 0; v < 6; v++) {
        const postedAt = day(10 + v, 7 + c);
        for (let o = 1; o <= 5; o++) {
          const views = 1_000 * (v + 1) * o + (o === 5 && v % 2 === 0 ? -2_500 * (v + 1) : 0);
          out.push({
            observationId: seededUuid(rng),
            creatorId,
            videoId: `video-${v}`,
            postedAt,
            // The last two observations of video 5 carry the same instant: the greater id counts.
            observedAt: day(12 + v + (v === 5 && o === 5 ? 4 : o), 12),
            views,
            sixSecondViews: Math.floor(views / 2),
            completedViews: Math.floor(views / 5),
            likes: Math.floor(views / 20) + o,
            comments: o,
            shares: 2 * o,
            avgWatchSeconds: 5 + o / 10,
          });
        }
      }
    }
    return out;
  }

  /** What the rollups must hold, computed from all the observations at once. */
  function expected(all: VideoObservation[]) {
    const newer = (a: VideoObservation, b: VideoObservation) => {
      const d = Date.parse(a.observedAt) - Date.parse(b.observedAt);
      return d !== 0 ? d > 0 : a.observationId > b.observationId;
    };
    const byVideo = new Map<string, { latest: VideoObservation; observations: number }>();
    for (const o of all) {
      const key = `${o.creatorId}/${o.videoId}`;
      const cur = byVideo.get(key);
      byVideo.set(key, { latest: !cur || newer(o, cur.latest) ? o : cur.latest, observations: (cur?.observations ?? 0) + 1 });
    }
    const latest = [...byVideo.values()].map(({ latest: l, observations: n }) => ({
      creatorId: l.creatorId,
      videoId: l.videoId,
      observationId: l.observationId,
      observedAt: l.observedAt,
      views: l.views,
      likes: l.likes,
      comments: l.comments,
      shares: l.shares,
      sixSecondViews: l.sixSecondViews,
      completedViews: l.completedViews,
      avgWatchSeconds: l.avgWatchSeconds,
      observations: n,
    }));
    const daily = new Map<string, Record<string, string | number>>();
    for (const { latest: l, observations: n } of byVideo.values()) {
      const key = `${l.creatorId}/${l.postedAt.slice(0, 10)}`;
      const d = daily.get(key) ?? { creatorId: l.creatorId, day: l.postedAt.slice(0, 10), views: 0, likes: 0, comments: 0, shares: 0, sixSecondViews: 0, completedViews: 0, videosPosted: 0, observations: 0, latestObservedAt: '' };
      for (const k of ['views', 'likes', 'comments', 'shares', 'sixSecondViews', 'completedViews'] as const) d[k] = (d[k] as number) + l[k];
      d.videosPosted = (d.videosPosted as number) + 1;
      d.observations = (d.observations as number) + n;
      if (l.observedAt > (d.latestObservedAt as string)) d.latestObservedAt = l.observedAt;
      daily.set(key, d);
    }
    // Views over time: each video's newest observation of each UTC day it was observed on.
    const videoDaily = new Map<string, VideoObservation>();
    for (const o of all) {
      const key = `${o.creatorId}/${o.videoId}/${o.observedAt.slice(0, 10)}`;
      const cur = videoDaily.get(key);
      if (!cur || newer(o, cur)) videoDaily.set(key, o);
    }
    return {
      latest,
      daily: [...daily.values()],
      videoDaily: [...videoDaily.values()].map((o) => ({ creatorId: o.creatorId, videoId: o.videoId, day: o.observedAt.slice(0, 10), views: o.views, observedAt: o.observedAt })),
    };
  }

  async function stored() {
    const latest = await db.query(
      `select creator_id as "creatorId", video_id as "videoId", observation_id as "observationId", observed_at as "observedAt",
              views::float8 as views, likes::float8 as likes, comments::float8 as comments, shares::float8 as shares,
              six_second_views::float8 as "sixSecondViews", completed_views::float8 as "completedViews",
              avg_watch_seconds as "avgWatchSeconds", observations
         from metrics.video_latest where creator_id = any($1::uuid[])`,
      [creators],
    );
    const daily = await db.query(
      `select creator_id as "creatorId", to_char(day, 'YYYY-MM-DD') as day, views::float8 as views, likes::float8 as likes,
              comments::float8 as comments, shares::float8 as shares, six_second_views::float8 as "sixSecondViews",
              completed_views::float8 as "completedViews", videos_posted as "videosPosted", observations,
              latest_observed_at as "latestObservedAt"
         from metrics.creator_daily where creator_id = any($1::uuid[])`,
      [creators],
    );
    const videoDaily = await db.query(
      `select creator_id as "creatorId", video_id as "videoId", to_char(day, 'YYYY-MM-DD') as day, views::float8 as views, observed_at as "observedAt"
         from metrics.video_daily where creator_id = any($1::uuid[])`,
      [creators],
    );
    const iso = (r: Record<string, unknown>, k: string) => ({ ...r, [k]: (r[k] as Date).toISOString() });
    const order = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    return {
      latest: latest.rows.map((r) => iso(r, 'observedAt')).sort(order),
      daily: daily.rows.map((r) => iso(r, 'latestObservedAt')).sort(order),
      videoDaily: videoDaily.rows.map((r) => iso(r, 'observedAt')).sort(order),
      order,
    };
  }

  it('holds what a direct computation from the observations gives, for shuffled, regrouped and redelivered events', async () => {
    const all = observations();
    // Shuffled, then cut into events of uneven sizes: a video's observations arrive in any order and grouping.
    const shuffled = [...all];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const js = jetstream(sut.clientConnection);
    const batchId = seededUuid(rng);
    let part = 0;
    for (let at = 0; at < shuffled.length; part++) {
      const size = 1 + Math.floor(rng() * 20);
      const videos = shuffled.slice(at, at + size);
      at += size;
      // Both versions of the event, as during a deployment: odd parts as records (v1), even ones as columns (v2).
      const [subject, envelope] =
        part % 2
          ? [ingestionEvents.recorded.subject, buildEnvelope(ingestionEvents.recorded, { aggregateId: batchId, aggregateVersion: part, payload: { batchId, part, videos, followers: [], audience: [] } })]
          : [ingestionEvents.recordedV2.subject, buildEnvelope(ingestionEvents.recordedV2, { aggregateId: batchId, aggregateVersion: part, payload: { batchId, part, videos: toVideoColumns(videos), followers: [], audience: [] } })];
      await js.publish(subject, JSON.stringify(envelope), { msgID: envelope.id });
      // Every third event delivered twice (as after a relay that lost its publish acknowledgement, past the stream's duplicate window).
      if (part % 3 === 0) await js.publish(subject, JSON.stringify(envelope), { msgID: `${envelope.id}-again` });
    }
    expect(part).toBeGreaterThan(4);

    // The consumer applies in stream order: once this marker is in, everything before it is.
    const marker = seededUuid(rng);
    await publishObservations(sut.clientConnection, { followers: [{ observationId: seededUuid(rng), creatorId: marker, observedAt: day(20), followers: 1 }] });
    await eventually(async () => (await db.query('select 1 from metrics.follower_snapshots where creator_id = $1', [marker])).rowCount === 1);

    const want = expected(all);
    const got = await stored();
    expect(got.latest).toEqual([...want.latest].sort(got.order));
    expect(got.daily).toEqual([...want.daily].sort(got.order));
    expect(got.videoDaily).toEqual([...want.videoDaily].sort(got.order));
    expect(want.videoDaily.length).toBeGreaterThan(want.latest.length);
    // The fixture does what it says: the newest observation of video 0 is lower than the one before and counts,
    // and video 5's last two share an instant.
    expect(want.latest.filter((l) => l.videoId === 'video-0').map((l) => l.views)).toEqual([2_500, 2_500, 2_500]);
    expect(new Set(all.filter((o) => o.videoId === 'video-5' && o.creatorId === creators[0]).map((o) => o.observedAt)).size).toBe(4);
  });
});

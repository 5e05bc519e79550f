/**
 * Metrics at scale, each figure beside its baseline in the same run on the same servers:
 *  1. ingestion: records/s from JetStream publish (connector intake) to committed rollups,
 *     against a raw `\copy` of the same rows into a table with a primary key;
 *  2. KPI read latency for a creator with 10 thousand observations and one with BENCH_BIG
 *     observations (default 1 million), same number of videos;
 *  3. freshness: one observation published → visible in that creator's KPIs, p50/p99.
 * Run: npm run bench:metrics   (BENCH_BIG=10000000 for the 10-million case; slow)
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import pg from 'pg';
import { ingestionCommands, metricsContracts, type Principal, type VideoObservation } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { startService, type RunningService } from '#libs/service-defaults';
import { createTestDatabase, seededRandom, seededUuid, startNatsServer } from '#libs/testing';
import { metricsIngestionApp } from '../../services/metrics-ingestion/src/metrics-ingestion.app.js';
import { metricsApp } from '../../services/metrics/src/metrics.app.js';
import { measure, table, type RunStats } from './stats.js';

const INGEST = Number(process.env.BENCH_INGEST ?? 200_000);
const BIG = Number(process.env.BENCH_BIG ?? 1_000_000);
const SMALL = 10_000;
const VIDEOS = 400;
const PER_MESSAGE = 1_000;
const READS = Number(process.env.BENCH_READS ?? 2_000);

const nats = await startNatsServer();
const db = await createTestDatabase();
const env = { NATS_URL: nats.url, DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', BENCHMARK_INTERVAL_MS: '3600000' };
const running: RunningService[] = [];
const pool = new pg.Pool({ connectionString: db.url, max: 4 });
const until = new Date(Date.now() - 3_600_000);
const countObservations = async (creatorIds?: string[]) =>
  Number(
    (
      await pool.query(
        `select coalesce(sum(observations), 0)::bigint as n from metrics.creator_daily ${creatorIds ? 'where creator_id = any($1::uuid[])' : ''}`,
        creatorIds ? [creatorIds] : [],
      )
    ).rows[0].n,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `total` observations of `creators` creators with VIDEOS videos each, produced lazily (a
 * million records would not fit comfortably in memory as objects): every video is observed
 * repeatedly with growing counters, observations of different videos interleaved.
 */
function* observations(seed: number, creatorIds: string[], total: number): Generator<VideoObservation> {
  const rng = seededRandom(seed);
  const perVideo = Math.max(1, Math.ceil(total / creatorIds.length / VIDEOS));
  const start = until.getTime() - 100 * 86_400_000;
  const videos = creatorIds.flatMap((creatorId) =>
    Array.from({ length: VIDEOS }, (_, v) => ({ creatorId, videoId: `${seed}-${v}`, postedAt: start + Math.floor(rng() * 99 * 86_400_000), final: Math.floor(1_000 + rng() ** 3 * 1_000_000) })),
  );
  let produced = 0;
  for (let o = 1; o <= perVideo; o++) {
    for (const v of videos) {
      if (produced++ >= total) return;
      const views = Math.floor((v.final * o) / perVideo);
      yield {
        observationId: seededUuid(rng),
        creatorId: v.creatorId,
        videoId: v.videoId,
        postedAt: new Date(v.postedAt).toISOString(),
        observedAt: new Date(v.postedAt + o * 60_000).toISOString(),
        views,
        sixSecondViews: Math.floor(views * 0.45),
        completedViews: Math.floor(views * 0.15),
        likes: Math.floor(views * 0.06),
        comments: Math.floor(views * 0.004),
        shares: Math.floor(views * 0.008),
        avgWatchSeconds: 9.5,
      };
    }
  }
}

/** Publishes to the intake stream in messages of PER_MESSAGE and waits until the rollups count every record. */
async function ingestThroughPipeline(js: ReturnType<typeof jetstream>, records: Iterable<VideoObservation>, total: number, creatorIds: string[]): Promise<number> {
  const before = await countObservations(creatorIds);
  const started = performance.now();
  const acks: Promise<unknown>[] = [];
  let batch: VideoObservation[] = [];
  const flush = async () => {
    acks.push(js.publish(ingestionCommands.videos.subject, JSON.stringify({ records: batch })));
    batch = [];
    if (acks.length >= 20) await Promise.all(acks.splice(0));
  };
  for (const r of records) {
    batch.push(r);
    if (batch.length === PER_MESSAGE) await flush();
  }
  if (batch.length) await flush();
  await Promise.all(acks);
  while ((await countObservations(creatorIds)) - before < total) await sleep(20);
  return performance.now() - started;
}

const idsFor = (seed: number, n: number) => {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => seededUuid(rng));
};

try {
  running.push(await startService({ ...metricsIngestionApp, env }));
  running.push(await startService({ ...metricsApp, env }));
  const nc = await connect({ servers: nats.url });
  const js = jetstream(nc);
  const client = new RequestClient(nc, 10_000);
  const lines: string[] = [];

  // 1. Ingestion throughput vs raw COPY of the same rows.
  const loadIds = idsFor(1, 200);
  const pipelineMs = await ingestThroughPipeline(js, observations(1, loadIds, INGEST), INGEST, loadIds);
  const csv = path.join(tmpdir(), `bench-${randomUUID()}.csv`);
  writeFileSync(
    csv,
    [...observations(1, loadIds, INGEST)]
      .map((r) => [r.observationId, r.creatorId, r.videoId, r.postedAt, r.observedAt, r.views, r.sixSecondViews, r.completedViews, r.likes, r.comments, r.shares, r.avgWatchSeconds].join(','))
      .join('\n'),
  );
  await pool.query(`create table public.copy_baseline (observation_id uuid primary key, creator_id uuid, video_id text, posted_at timestamptz, observed_at timestamptz,
    views bigint, six_second_views bigint, completed_views bigint, likes bigint, comments bigint, shares bigint, avg_watch_seconds float8)`);
  const copyStarted = performance.now();
  execFileSync('psql', [db.url, '-q', '-c', `\\copy public.copy_baseline from '${csv}' csv`]);
  const copyMs = performance.now() - copyStarted;
  rmSync(csv);
  const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
  lines.push(
    '| path | records | seconds | records/s |\n|---|---:|---:|---:|',
    `| raw \`\\copy\` into a table with a primary key (baseline) | ${INGEST} | ${(copyMs / 1000).toFixed(2)} | ${perSecond(INGEST, copyMs)} |`,
    `| JetStream intake → ingestion (validate, insert, flag, outbox) → event → metrics rollups committed | ${INGEST} | ${(pipelineMs / 1000).toFixed(2)} | ${perSecond(INGEST, pipelineMs)} |`,
    `\nratio pipeline / copy: **${(perSecond(INGEST, pipelineMs) / perSecond(INGEST, copyMs)).toFixed(2)}×** (target ≥ 0.5×)\n`,
  );

  // 2. KPI reads: same number of videos, 10k vs BIG observations.
  const small = { ids: idsFor(2, 1) };
  const big = { ids: idsFor(3, 1) };
  await ingestThroughPipeline(js, observations(2, small.ids, SMALL), SMALL, small.ids);
  const bigMs = await ingestThroughPipeline(js, observations(3, big.ids, BIG), BIG, big.ids);
  const principal = (creatorId: string): Principal => ({ userId: creatorId, kind: 'creator', orgId: null, orgKind: null, role: null });
  const reads: RunStats[] = [];
  for (const window of ['last30v', '90d'] as const) {
    for (const [label, c] of [[`${SMALL} observations`, small], [`${BIG} observations`, big]] as const) {
      const creatorId = c.ids[0]!;
      reads.push(await measure(`metrics.kpis.get ${window}, ${label}`, READS, 1, () => client.request(metricsContracts.kpisGet, { creatorId, window }, { principal: principal(creatorId) })));
    }
  }
  lines.push(table(reads));
  for (let i = 0; i < reads.length; i += 2) {
    lines.push(`\n${reads[i + 1]!.name} / ${reads[i]!.name}: p50 **${(reads[i + 1]!.p50Ms / reads[i]!.p50Ms).toFixed(2)}×** (target ≤ 1.2×)`);
  }
  lines.push(`\n(loading the ${BIG}-observation creator through the pipeline took ${(bigMs / 1000).toFixed(1)} s)\n`);

  // 3. Freshness: publish one observation, poll the KPIs until it counts.
  const fresh = idsFor(4, 1)[0]!;
  const latencies: number[] = [];
  for (let i = 0; i < 50; i++) {
    const followers = 1000 + i;
    const t = performance.now();
    await js.publish(ingestionCommands.followers.subject, JSON.stringify({ records: [{ observationId: randomUUID(), creatorId: fresh, observedAt: new Date().toISOString(), followers }] }));
    while ((await client.request(metricsContracts.kpisGet, { creatorId: fresh, window: 'last30v' }, { principal: principal(fresh) })).followers !== followers) await sleep(2);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  lines.push(
    `| freshness: publish → visible in KPIs | samples | p50 ms | p99 ms |\n|---|---:|---:|---:|\n| one follower snapshot through intake, ingestion, event, rollup | 50 | ${latencies[25]!.toFixed(1)} | ${latencies[49]!.toFixed(1)} |`,
  );
  console.log(lines.join('\n'));
  await nc.close();
} finally {
  for (const s of running.reverse()) await s.close();
  await pool.end();
  await nats.stop();
  await db.drop();
}

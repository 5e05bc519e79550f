/**
 * Metrics at scale, each figure beside its baseline in the same run on the same servers:
 *  1. ingestion: records/s from JetStream publish (connector intake) to committed rollups,
 *     against a raw `\copy` of the same rows into a table with a primary key;
 *  2. KPI read latency for a creator with 10 thousand observations and one with BENCH_BIG
 *     observations (default 10 million) of the same 400 videos: only the number of
 *     observations per video differs. The small creator goes through the whole pipeline; the
 *     big one's history is applied with the metrics consumer's own rollup code
 *     (`applyObservations`) in transactions of BENCH_LOAD_BATCH records, bypassing NATS and
 *     ingestion (through them, 10 million records would take hours here);
 *  3. freshness: one observation published → visible in that creator's KPIs, p50/p99.
 * Ingestion and metrics run in this process or, with BENCH_MODE=processes, each in its own
 * process (as deployed: the two stages then work on different cores).
 * Run: npm run bench:metrics
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import pg from 'pg';
import { ingestionCommands, metricsContracts, schemaOf, type Principal, type VideoObservation } from '#libs/contracts';
import { MikroORM } from '@mikro-orm/postgresql';
import { startService } from '#libs/service-defaults';
import { chunkBy, MESSAGING_ENTITIES } from '#libs/messaging';
import { ormOptions } from '#libs/persistence';
import { createTestDatabase, gatewayClient, seededRandom, seededUuid, spawnService, startNatsServer } from '#libs/testing';
import { metricsIngestionApp } from '../../services/metrics-ingestion/src/metrics-ingestion.app.js';
import { metricsApp } from '../../services/metrics/src/metrics.app.js';
import { applyObservations } from '../../services/metrics/src/rollups/rollup.store.js';
import { storeObservations } from '../../services/metrics-ingestion/src/ingest/observation.store.js';
import { INTAKE_RECORDS_PER_TRANSACTION } from '../../services/metrics-ingestion/src/intake/intake.handlers.js';
import { measure, table, type RunStats } from './stats.js';
import { cpuAndGcOf, cpuSecondsOf, heapSnapshotOptions, residentMiBOf, snapshotHeapsOf, watchResidentPeaks } from './stack.js';

const INGEST = Number(process.env.BENCH_INGEST ?? 200_000);
const BIG = Number(process.env.BENCH_BIG ?? 10_000_000);
const LOAD_BATCH = Number(process.env.BENCH_LOAD_BATCH ?? 50_000);
const SMALL = 10_000;
const VIDEOS = 400;
const PER_MESSAGE = 1_000;
const READS = Number(process.env.BENCH_READS ?? 2_000);
/** `processes`: ingestion and metrics each in its own process, as deployed; otherwise both in this one. */
const SEPARATE = process.env.BENCH_MODE === 'processes';
/** `dist`: those processes run the compiled build (`npm run build` first), as deployed, instead of the sources through the TypeScript loader. */
const COMPILED = process.env.BENCH_BUILD === 'dist';

const nats = await startNatsServer();
const db = await createTestDatabase();
const env = { NATS_URL: nats.url, DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', BENCHMARK_INTERVAL_MS: '3600000' };
const running: { stop(): Promise<unknown> }[] = [];
// One connection: the bench's own queries run one at a time, and its backend is left out of the pipeline's CPU.
const pool = new pg.Pool({ connectionString: db.url, max: 1 });
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

/** Resident memory of each process that runs the services (this one when they share it), MiB. */
const processes: { name: string; pid: number; metricsUrl?: string }[] = [];
function residentMiB(): Record<string, number> {
  return Object.fromEntries(processes.map(({ name, pid }) => [name, residentMiBOf(pid)]));
}
/** V8 heap reserved / used of each spawned process, MiB, from its own /metrics (read as the run goes on). */
function heapMiB(): Promise<Record<string, string>> {
  return Promise.all(
    processes.filter((p) => p.metricsUrl).map(async (p) => {
      const r = cpuAndGcOf(await (await fetch(p.metricsUrl!)).text());
      return [p.name, `${r.heapTotalMiB} / ${r.heapUsedMiB}`] as const;
    }),
  ).then(Object.fromEntries, () => ({}));
}
const memory: { when: string; rss: Record<string, number>; heap: Promise<Record<string, string>> }[] = [];
/** `BENCH_HEAP_SNAPSHOT_DIR=dir` (spawned services): at the end, a heap snapshot of each, after the full collection it runs. */
const HEAP_SNAPSHOT_DIR = SEPARATE ? process.env.BENCH_HEAP_SNAPSHOT_DIR : undefined;

/**
 * `total` observations of `creators` creators with the same VIDEOS videos each (same ids,
 * posting times and final views whatever the seed), produced lazily (millions of records
 * would not fit comfortably in memory as objects): every video is observed `total / videos`
 * times within a day of its posting, with growing counters, observations of different videos
 * interleaved. Only the observation ids depend on `seed`.
 */
function* observations(seed: number, creatorIds: string[], total: number, ids: () => string = (() => { const rng = seededRandom(seed); return () => seededUuid(rng); })()): Generator<VideoObservation> {
  const layout = seededRandom(1_000);
  const perVideo = Math.max(1, Math.ceil(total / creatorIds.length / VIDEOS));
  const step = Math.floor(86_400_000 / (perVideo + 1));
  const start = until.getTime() - 100 * 86_400_000;
  const shape = Array.from({ length: VIDEOS }, (_, v) => ({ videoId: `video-${v}`, postedAt: start + Math.floor(layout() * 99 * 86_400_000), final: Math.floor(1_000 + layout() ** 3 * 1_000_000) }));
  const videos = creatorIds.flatMap((creatorId) => shape.map((v) => ({ ...v, creatorId, postedAtIso: new Date(v.postedAt).toISOString() })));
  let produced = 0;
  for (let o = 1; o <= perVideo; o++) {
    for (const v of videos) {
      if (produced++ >= total) return;
      const views = Math.floor((v.final * o) / perVideo);
      yield {
        observationId: ids(),
        creatorId: v.creatorId,
        videoId: v.videoId,
        postedAt: v.postedAtIso,
        observedAt: new Date(v.postedAt + o * step).toISOString(),
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

/**
 * Publishes to the intake stream in messages of PER_MESSAGE and waits until the rollups count
 * every record. The messages are generated and serialised before the clock starts, as the copy
 * baseline's file is written before its clock starts.
 */
async function ingestThroughPipeline(js: ReturnType<typeof jetstream>, records: Iterable<VideoObservation>, total: number, creatorIds: string[], onHalf?: () => void): Promise<number> {
  const bodies: string[] = [];
  let batch: VideoObservation[] = [];
  for (const r of records) {
    batch.push(r);
    if (batch.length === PER_MESSAGE) {
      bodies.push(JSON.stringify({ records: batch }));
      batch = [];
    }
  }
  if (batch.length) bodies.push(JSON.stringify({ records: batch }));
  const before = await countObservations(creatorIds);
  const started = performance.now();
  const acks: Promise<unknown>[] = [];
  for (const body of bodies) {
    acks.push(js.publish(ingestionCommands.videos.subject, body));
    if (acks.length >= 20) await Promise.all(acks.splice(0));
  }
  await Promise.all(acks);
  for (let counted = 0; counted < total; counted = (await countObservations(creatorIds)) - before) {
    if (onHalf && counted >= total / 2) {
      onHalf();
      onHalf = undefined;
    }
    // Each poll is a query on the server the pipeline writes to: every 20 ms it took 1.7 s of
    // PostgreSQL's time in a 12 s run (more than the copy baseline's whole cost); 100 ms adds at
    // most that much to a run of several seconds.
    await sleep(100);
  }
  return performance.now() - started;
}

/**
 * CPU seconds each party spent while `run` ran: the services' processes (or this one, holding
 * both and the client), every PostgreSQL backend of the bench database but the bench's own,
 * and the NATS server. Work is what two cores share, so it reads steadier than wall time on a
 * busy machine; a backend that exits during the run is not counted (the pools keep theirs).
 */
async function cpuDuring<T>(run: () => Promise<T>, nodes: readonly { name: string; pid: number }[] = processes): Promise<{ result: T; cpu: { party: string; seconds: number }[] }> {
  const backends = async () =>
    (await pool.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
  const natsPid = nats.pid;
  const parties = (pg: number[]) => [
    ...nodes.map((p) => ({ party: p.name, pids: [p.pid] })),
    { party: 'PostgreSQL (the services\' backends)', pids: pg },
    ...(natsPid ? [{ party: 'NATS server', pids: [natsPid] }] : []),
  ];
  const startPids = await backends();
  const before = new Map([...nodes.map((p) => p.pid), ...startPids, ...(natsPid ? [natsPid] : [])].map((pid) => [pid, cpuSecondsOf(pid)]));
  const result = await run();
  const pgPids = [...new Set([...startPids, ...(await backends())])];
  const cpu = parties(pgPids).map(({ party, pids }) => ({
    party,
    seconds: pids.reduce((sum, pid) => {
      const now = cpuSecondsOf(pid);
      return sum + (now > 0 ? now - (before.get(pid) ?? 0) : 0);
    }, 0),
  }));
  return { result, cpu };
}

/**
 * The big creator's history straight into the rollups: the same `applyObservations` the metrics
 * consumer runs, one transaction per LOAD_BATCH records (ingestion's raw table and NATS skipped).
 */
async function loadDirect(orm: MikroORM, records: Iterable<VideoObservation>): Promise<number> {
  const started = performance.now();
  let batch: VideoObservation[] = [];
  const flush = async () => {
    const videos = batch;
    batch = [];
    await orm.em.fork().transactional((em) => applyObservations(em, { videos, followers: [], audience: [] }));
  };
  for (const r of records) {
    batch.push(r);
    if (batch.length === LOAD_BATCH) await flush();
  }
  if (batch.length) await flush();
  return performance.now() - started;
}

/**
 * The SQL work each stage must do for its guarantees, fed straight from here with the services'
 * own store code in transactions of the intake's size: ingestion stages, stores and
 * regression-checks the records (its raw table and indexes: idempotency, flags); metrics applies
 * them to its rollups. Left out: the bus, validation, events, outbox and inbox. Their sum (or the
 * larger one, were the two stages perfectly overlapped on two cores) is a floor under the
 * pipeline that no change of transport can lower.
 */
async function stagesDirect(ingestionOrm: MikroORM, metricsOrm: MikroORM, creatorIds: string[]): Promise<{ stage: string; ms: number; cpu: { party: string; seconds: number }[] }[]> {
  const batches = (): VideoObservation[][] => chunkBy([...observations(5, creatorIds, INGEST)], INTAKE_RECORDS_PER_TRANSACTION);
  const stages = [
    ['ingestion: stage, store, flag regressions', (b: VideoObservation[]) => ingestionOrm.em.fork().transactional((em) => storeObservations.videos(em, b, randomUUID()))],
    ['metrics: apply to the rollups', (b: VideoObservation[]) => metricsOrm.em.fork().transactional((em) => applyObservations(em, { videos: b, followers: [], audience: [] }))],
  ] as const;
  const out = [];
  for (const [stage, apply] of stages) {
    const input = batches();
    const started = performance.now();
    const { cpu } = await cpuDuring(async () => {
      for (const b of input) await apply(b);
    }, [{ name: 'the stage\'s code (this process)', pid: process.pid }]);
    out.push({ stage, ms: performance.now() - started, cpu });
  }
  return out;
}

const idsFor = (seed: number, n: number) => {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => seededUuid(rng));
};

try {
  let metricsOrm: MikroORM;
  if (SEPARATE) {
    for (const name of ['metrics-ingestion', 'metrics'] as const) {
      const entry = COMPILED ? `dist/services/${name}/src/main.js` : undefined;
      // BENCH_NODE_OPTIONS come after the images' own (compiled), to compare V8 settings.
      const extra = [HEAP_SNAPSHOT_DIR ? heapSnapshotOptions(HEAP_SNAPSHOT_DIR) : '', process.env.BENCH_NODE_OPTIONS ?? ''].filter(Boolean).join(' ');
      const nodeOptions: Record<string, string> = extra ? { NODE_OPTIONS: extra } : {};
      const service = await spawnService(name, { ...env, ...nats.envFor(name), LOG_LEVEL: 'info', ...nodeOptions }, 90_000, entry);
      running.push(service);
      processes.push({ name, pid: service.child.pid!, metricsUrl: `${service.url}/metrics` });
    }
    // The big creator is loaded from here with metrics' own rollup code, on a connection of its own.
    metricsOrm = await MikroORM.init(ormOptions({ schema: 'metrics', clientUrl: db.url, entities: [...MESSAGING_ENTITIES], migrations: [] }));
    running.push({ stop: () => metricsOrm.close(true) });
  } else {
    const ingestion = await startService({ ...metricsIngestionApp, env: { ...env, ...nats.envFor('metrics-ingestion') } });
    running.push({ stop: () => ingestion.close() });
    const metrics = await startService({ ...metricsApp, env: { ...env, ...nats.envFor('metrics') } });
    running.push({ stop: () => metrics.close() });
    metricsOrm = metrics.app.get(MikroORM, { strict: false });
    processes.push({ name: 'bench process (both services and the client)', pid: process.pid });
  }
  const nc = await nats.connect();
  const js = jetstream(nc);
  const client = gatewayClient(nats, nc, 10_000);
  const principal = (creatorId: string): Principal => ({ userId: creatorId, kind: 'creator', orgId: null, orgKind: null, role: null });
  const lines: string[] = [];

  // 1. Ingestion throughput vs raw COPY of the same rows.
  const loadIds = idsFor(1, 200);
  memory.push({ when: 'idle, after start', rss: residentMiB(), heap: heapMiB() });
  const peaks = watchResidentPeaks(Object.fromEntries(processes.map((p) => [p.name, p.pid])));
  const { result: pipelineMs, cpu } = await cpuDuring(() =>
    ingestThroughPipeline(js, observations(1, loadIds, INGEST), INGEST, loadIds, () => memory.push({ when: `ingesting, half of ${INGEST} records committed`, rss: residentMiB(), heap: heapMiB() })),
  );
  memory.push({ when: `peak while ingesting ${INGEST} records`, rss: peaks.stop(), heap: Promise.resolve({}) });
  memory.push({ when: `ingested ${INGEST} records`, rss: residentMiB(), heap: heapMiB() });
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
    `| JetStream intake → ingestion (validate, insert, flag, outbox) → event → metrics rollups committed, ${SEPARATE ? 'one process per service' : 'both services in one process'} | ${INGEST} | ${(pipelineMs / 1000).toFixed(2)} | ${perSecond(INGEST, pipelineMs)} |`,
    `\nratio pipeline / copy: **${(perSecond(INGEST, pipelineMs) / perSecond(INGEST, copyMs)).toFixed(2)}×** (target ≥ 0.5×)\n`,
    '| CPU during the pipeline | seconds | × the copy\'s time |\n|---|---:|---:|',
    ...cpu.map((c) => `| ${c.party} | ${c.seconds.toFixed(2)} | ${(c.seconds / (copyMs / 1000)).toFixed(2)} |`),
    `| all of them (two cores: at best half of this in wall time) | ${cpu.reduce((a, c) => a + c.seconds, 0).toFixed(2)} | ${(cpu.reduce((a, c) => a + c.seconds, 0) / (copyMs / 1000)).toFixed(2)} |\n`,
  );

  // 1b. The same amount of work without the pipeline around it: each stage's SQL, fed directly.
  const ingestionOrm = await MikroORM.init(ormOptions({ schema: schemaOf('metrics-ingestion'), clientUrl: db.url, entities: [...MESSAGING_ENTITIES], migrations: [] }));
  running.push({ stop: () => ingestionOrm.close(true) });
  const direct = await stagesDirect(ingestionOrm, metricsOrm, idsFor(5, loadIds.length));
  const ratioOf = (ms: number) => (copyMs / ms).toFixed(2);
  const slowest = Math.max(...direct.map((d) => d.ms));
  const together = direct.reduce((a, d) => a + d.ms, 0);
  lines.push(
    `| each stage's own SQL work for the same ${INGEST} records, fed directly (${INTAKE_RECORDS_PER_TRANSACTION} a transaction, as the intake writes them; no bus, validation, events, outbox, inbox) | seconds | records/s ÷ the copy's | CPU s: its code / PostgreSQL |\n|---|---:|---:|---:|`,
    ...direct.map((d) => `| ${d.stage} | ${(d.ms / 1000).toFixed(2)} | ${ratioOf(d.ms)}× | ${d.cpu[0]!.seconds.toFixed(2)} / ${d.cpu[1]!.seconds.toFixed(2)} |`),
    `\nfloor under the pipeline from the stages' SQL alone: **${ratioOf(together)}×** one after the other, **${ratioOf(slowest)}×** were they perfectly overlapped on separate cores (target ≥ 0.5×)\n`,
  );

  // 2. KPI reads: same number of videos, 10k vs BIG observations.
  const small = { ids: idsFor(2, 1) };
  const big = { ids: idsFor(3, 1) };
  await ingestThroughPipeline(js, observations(2, small.ids, SMALL), SMALL, small.ids);
  const bigMs = await loadDirect(metricsOrm, observations(3, big.ids, BIG, randomUUID));
  const counted = async (creatorId: string, window: '90d' | 'last30v') =>
    (await client.request(metricsContracts.kpisGet, { creatorId, window }, { principal: principal(creatorId) })).provenance;
  for (const c of [small, big]) {
    const p = await counted(c.ids[0]!, '90d');
    lines.push(`- creator with ${c === small ? SMALL : BIG} observations (${await countObservations(c.ids)} counted in its rollups): ${p.videosCounted} videos in the 90-day window`);
  }
  lines.push('');
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
  lines.push(`\n(the ${BIG}-observation creator's history was applied to the rollups directly in transactions of ${LOAD_BATCH}: ${(bigMs / 1000).toFixed(1)} s, ${perSecond(BIG, bigMs)} records/s)\n`);

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
  memory.push({ when: 'end of the run (reads and freshness done)', rss: residentMiB(), heap: heapMiB() });
  if (HEAP_SNAPSHOT_DIR) {
    await snapshotHeapsOf(processes.map((p) => p.pid), HEAP_SNAPSHOT_DIR);
    memory.push({ when: `after a full collection (heap snapshots in ${HEAP_SNAPSHOT_DIR})`, rss: residentMiB(), heap: heapMiB() });
  }
  const names = Object.keys(memory[0]!.rss);
  lines.push(
    `\n| resident memory, MiB${SEPARATE ? (COMPILED ? ' (compiled build)' : ' (sources through the TypeScript loader)') : ''} | ${names.join(' | ')} |\n|---|${names.map(() => '---:').join('|')}|`,
    ...memory.map((m) => `| ${m.when} | ${names.map((n) => m.rss[n]).join(' | ')} |`),
  );
  if (SEPARATE) {
    const heaps = await Promise.all(memory.map((m) => m.heap));
    lines.push(
      `\n| V8 heap total / used, MiB | ${names.join(' | ')} |\n|---|${names.map(() => '---:').join('|')}|`,
      ...memory.map((m, i) => `| ${m.when} | ${names.map((n) => heaps[i]![n] ?? '–').join(' | ')} |`),
    );
  }
  console.log(lines.join('\n'));
  await nc.close();
} finally {
  for (const s of running.reverse()) await s.stop();
  await pool.end();
  await nats.stop();
  await db.drop();
}

// The long chaos profile (`npm run chaos`): one platform — two replicas of every service, a
// three-node NATS cluster with R3 streams, a private embedded PostgreSQL — and one run of the
// same seeded workload per fault, beside a fault-free baseline. Writes the report table into
// docs/reliability.md (between its markers) and exits non-zero when anything was lost, doubled
// or answered wrongly, or a run's end state differs from the baseline's.
//
//   npm run chaos                      # every fault, seed 19, 10 creators per run
//   npm run chaos -- --seed 7 --creators 20 --only baseline,postgres
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { NatsConnection } from '@nats-io/transport-node';
import { startNatsCluster, startTcpProxy, type NatsCluster, type TcpProxy } from '#libs/testing';
import { tally, type CreatorState } from './support/checks.js';
import { leaderOf } from './support/faults.js';
import { PLATFORM_SERVICES, startPlatform, type Platform } from './support/platform.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { runScenario, statusCounts, wrongAnswers, type Fault, type ScenarioResult } from './support/scenario.js';
import type { Observation } from './support/client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPORT = path.join(root, 'docs/reliability.md');
const BEGIN = '<!-- chaos:begin -->';
const END = '<!-- chaos:end -->';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '19' },
    creators: { type: 'string', default: '10' },
    only: { type: 'string' },
    'no-report': { type: 'boolean', default: false },
  },
});
const seed = Number(args.seed);
const creators = Number(args.creators);
const log = (line: string) => process.stdout.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** The service replica whose NATS connections go through proxies (one per node) the run can stall. */
const STALLED = { service: 'negotiation', replica: 1 } as const;

interface Run {
  name: string;
  /** What the fault is, for the report. */
  what: string;
  faults: (env: Env) => Fault[];
}

interface Env {
  platform: Platform;
  cluster: NatsCluster;
  postgres: PrivatePostgres;
  proxies: TcpProxy[];
  admin: NatsConnection;
}

/** Thresholds spread over a run's writes (about 18 per creator), so every fault lands mid-load. */
const at = (i: number, of: number) => Math.round(((creators * 18) / (of + 1)) * (i + 1) * 0.8);

const RUNS: Run[] = [
  { name: 'baseline', what: 'no fault (the same seed, for comparison)', faults: () => [] },
  {
    name: 'service-kill',
    what: 'SIGKILL of one replica of each service in turn (gateway included), then its restart',
    faults: ({ platform }) =>
      PLATFORM_SERVICES.map((service, i) => ({
        name: `SIGKILL ${service}#${i % 2}`,
        kind: 'service-kill',
        atAck: at(i, PLATFORM_SERVICES.length),
        inject: () => platform.kill(service, i % 2),
        heal: () => platform.restart(service, i % 2),
      })),
  },
  {
    name: 'nats-node-loss',
    what: 'SIGKILL of the NATS node leading the NEGOTIATION stream, back after 10 s',
    faults: ({ cluster, admin }) => {
      let lost: NatsCluster['nodes'][number] | undefined;
      return [
        {
          name: 'NATS node SIGKILL',
          kind: 'nats-node-loss',
          atAck: at(0, 1),
          inject: async () => {
            lost = await leaderOf(admin, 'NEGOTIATION', cluster.nodes);
            await lost.kill();
          },
          heal: async () => {
            await sleep(10_000);
            await lost!.start();
            await cluster.ready(60_000);
          },
        },
      ];
    },
  },
  {
    name: 'postgres-stop',
    what: 'PostgreSQL stopped for 30 s, then started again',
    faults: ({ postgres }) => [
      {
        name: 'PostgreSQL stop',
        kind: 'postgres-stop',
        atAck: at(0, 1),
        inject: () => postgres.stop(),
        heal: async () => {
          await sleep(30_000);
          await postgres.start();
        },
      },
    ],
  },
  {
    name: 'nats-stall',
    what: `network stall (20 s, packets held, not refused) between ${STALLED.service}#${STALLED.replica} and NATS`,
    faults: ({ proxies }) => [
      {
        name: 'NATS stall',
        kind: 'nats-stall',
        atAck: at(0, 1),
        inject: async () => proxies.forEach((p) => p.cut('stall')),
        heal: async () => {
          await sleep(20_000);
          proxies.forEach((p) => p.restore());
        },
      },
    ],
  },
  {
    // Last: what it breaks (see docs/reliability.md) outlasts the run.
    name: 'nats-restart',
    what: 'restart of every NATS server (SIGTERM, store kept, started again at once)',
    faults: ({ cluster }) => [
      {
        name: 'NATS restart',
        kind: 'nats-restart',
        atAck: at(0, 1),
        inject: async () => {
          for (const node of cluster.nodes) await node.kill('SIGTERM');
        },
        heal: async () => {
          await Promise.all(cluster.nodes.map((n) => n.start()));
          await cluster.ready(60_000);
        },
      },
    ],
  },
];

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** An answer that asks the client to come back: a 503, a lost answer, or a retry while the first attempt holds the key. */
const refused = (status: number) => status === 503 || status === 0 || status === 409;

interface Row {
  run: string;
  what: string;
  acknowledged: number;
  lost: number;
  doubled: number;
  refused: number;
  wrong: number;
  recoverP50: number;
  recoverMax: number;
  sameAsBaseline: boolean | null;
  problems: string[];
  statuses: Record<string, number>;
}

function rowOf(run: Run, result: ScenarioResult, baseline: CreatorState[] | undefined): Row {
  const problems = [...(result.findings?.problems ?? [])];
  if (result.workloadError) problems.push(`workload: ${String((result.workloadError as Error).message ?? result.workloadError)}`);
  if (result.skipped.length) problems.push(`faults never injected: ${result.skipped.join(', ')}`);
  const { lost, doubled } = result.ledger && result.findings ? tally(result.ledger, result.findings.state) : { lost: NaN, doubled: NaN };
  // Refused answers between a fault's injection and 30 s after its heal; recovery is how long
  // after the injection the last of them came. The faults of one run overlap (each replica's
  // heal outlasts the next SIGKILL), so an answer is counted once however many windows hold it.
  const refusedSeen = new Set<Observation>();
  const recoveries = result.faults.map((f) => {
    const window = result.observations.filter((o) => o.at >= f.injectedAt && o.at <= (f.healedAt || Date.now()) + 30_000 && refused(o.status));
    for (const o of window) refusedSeen.add(o);
    return window.length ? Math.max(...window.map((o) => o.at)) - f.injectedAt : 0;
  });
  const refusedCount = refusedSeen.size;
  // Names are the same in every run (c0, c1, …); the rest is what the platform answered.
  const state = result.findings?.state.creators;
  const base = baseline;
  return {
    run: run.name,
    what: run.what,
    acknowledged: result.ledger?.acknowledged ?? (result.workloadError as { ledger?: { acknowledged: number } } | undefined)?.ledger?.acknowledged ?? 0,
    lost,
    doubled,
    refused: refusedCount,
    wrong: wrongAnswers(result.observations).length,
    recoverP50: percentile(recoveries, 50),
    recoverMax: Math.max(0, ...recoveries),
    sameAsBaseline: base ? JSON.stringify(state) === JSON.stringify(base) : null,
    problems,
    statuses: statusCounts(result.observations),
  };
}

function table(rows: Row[], command: string): string {
  const lines = [
    `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 10)} (seed ${seed}, ${creators} creators per run, two replicas of every service, three NATS nodes with R3 streams).`,
    '',
    '| run | fault | writes acknowledged | lost | doubled | requests refused during the fault | time to recover p50 / max | 5xx other than 503 | end state = baseline |',
    '|---|---|---:|---:|---:|---:|---|---:|---|',
    ...rows.map((r) =>
      `| ${r.run} | ${r.what} | ${r.acknowledged} | ${Number.isNaN(r.lost) ? 'not checked' : r.lost} | ${Number.isNaN(r.doubled) ? 'not checked' : r.doubled} | ${r.refused} | ${r.run === 'baseline' ? '—' : `${seconds(r.recoverP50)} / ${seconds(r.recoverMax)}`} | ${r.wrong} | ${r.sameAsBaseline === null ? '—' : r.sameAsBaseline ? 'yes' : 'no'} |`,
    ),
    '',
    'Status codes seen by the clients, per run (0: no answer — connection refused or reset, deadline passed):',
    '',
    ...rows.map((r) => `- ${r.run}: ${Object.entries(r.statuses).map(([s, n]) => `${s} × ${n}`).join(', ')}`),
  ];
  const problems = rows.filter((r) => r.problems.length);
  // The first 400 characters say what went wrong; the console output of the run has the rest.
  const short = (text: string) => (text.length > 400 ? `${text.slice(0, 400)}…` : text);
  if (problems.length) lines.push('', 'Findings:', '', ...problems.flatMap((r) => r.problems.map((p) => `- ${r.run}: ${short(p)}`)));
  return lines.join('\n');
}

async function main() {
  const runs = args.only ? RUNS.filter((r) => args.only!.split(',').includes(r.name)) : RUNS;
  log(`starting: 3 NATS nodes, embedded PostgreSQL, 2 replicas of ${PLATFORM_SERVICES.length} services`);
  // No advertised URLs: the stalled replica reaches NATS only through its proxies, whichever node it reconnects to.
  const [cluster, postgres] = await Promise.all([startNatsCluster(3, { noAdvertise: true }), startPrivatePostgres()]);
  const proxies = await Promise.all(cluster.nodes.map((n) => startTcpProxy({ host: '127.0.0.1', port: n.port })));
  const stalledUrl = proxies.map((p) => `nats://${p.host}:${p.port}`).join(',');
  let platform: Platform | undefined;
  const cleanup = () => {
    platform?.killAll();
    cluster.killNow();
    postgres.killNow();
  };
  process.once('SIGINT', () => (cleanup(), process.exit(130)));
  process.once('SIGTERM', () => (cleanup(), process.exit(143)));
  const admin = await cluster.connect();
  const rows: Row[] = [];
  try {
    platform = await startPlatform({
      bus: cluster,
      databaseUrl: postgres.url,
      replicas: 2,
      streamReplicas: 3,
      logDir: process.env.CHAOS_LOG_DIR,
      natsUrlFor: (service, replica) => (service === STALLED.service && replica === STALLED.replica ? stalledUrl : undefined),
    });
    const env: Env = { platform, cluster, postgres, proxies, admin };
    let baseline: CreatorState[] | undefined;
    for (const run of runs) {
      log(`run ${run.name}: ${run.what}`);
      const started = Date.now();
      const result = await runScenario({
        gateways: () => platform!.gateways(),
        workload: { seed, tag: `${run.name.replace(/-/g, '')}${randomUUID().slice(0, 4)}`, creators, concurrency: 3, connector: () => cluster.connect('connector') },
        faults: run.faults(env),
        databaseUrl: postgres.url,
        admin,
        log,
      });
      const row = rowOf(run, result, baseline);
      if (run.name === 'baseline') baseline = result.findings?.state.creators;
      rows.push(row);
      log(`run ${run.name} done in ${seconds(Date.now() - started)}: ${row.acknowledged} acknowledged, ${row.lost} lost, ${row.doubled} doubled, ${row.refused} refused, ${row.wrong} wrong; ${row.problems.length} findings`);
      for (const p of row.problems.slice(0, 20)) log(`  ${p}`);
    }
  } finally {
    await admin.close();
    await platform?.stop();
    await Promise.all(proxies.map((p) => p.close()));
    await cluster.stop();
    await postgres.destroy();
  }
  const command = `npm run chaos${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const text = table(rows, command);
  process.stdout.write(`\n${text}\n`);
  if (!args['no-report']) {
    const doc = await readFile(REPORT, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    if (start < 0 || end < start) throw new Error(`${REPORT} lacks the ${BEGIN} … ${END} markers`);
    await writeFile(REPORT, `${doc.slice(0, start + BEGIN.length)}\n${text}\n${doc.slice(end)}`);
    log(`wrote ${path.relative(root, REPORT)}`);
  }
  const failed = rows.some((r) => r.lost || r.doubled || r.wrong || r.problems.length || r.sameAsBaseline === false);
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

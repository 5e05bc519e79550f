/**
 * The services a bench runs, in the bench's own process or each in its own (`BENCH_MODE=processes`,
 * as deployed), always with the bus identity a deployment gives each one: its nkey, its principal
 * signing key and every verify key. A spawned service without them is refused by the bus.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from '#libs/contracts';
import { startService, type ServiceDefinition } from '#libs/service-defaults';
import { spawnService, type NatsServerHandle } from '#libs/testing';

/** `processes`: one process per service, as deployed; otherwise every service in the bench's process. */
export const SEPARATE = process.env.BENCH_MODE === 'processes';
/** Services to CPU-profile when spawned (`BENCH_CPU_PROF=gateway,roster`): a `.cpuprofile` each in BENCH_CPU_PROF_DIR when it stops. */
const PROFILED = new Set((process.env.BENCH_CPU_PROF ?? '').split(',').filter(Boolean));
/**
 * `BENCH_BUILT=1` with BENCH_MODE=processes: spawn the build in dist/ (`npm run build`) with plain
 * Node, as deployed. From source, each process also carries the TypeScript loader (a thread of its
 * own with its own heap), which is most of its resident memory.
 */
const BUILT = process.env.BENCH_BUILT === '1';
/** Node options added to each spawned service's (`BENCH_NODE_OPTIONS=--max-semi-space-size=4`), to compare V8 settings. */
const EXTRA_NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? '';
/**
 * `BENCH_HEAP_SNAPSHOT_DIR=dir`: spawned services write a heap snapshot there on SIGUSR2
 * (`stack.snapshotHeaps()`). Taking one runs a full garbage collection first, so the heap read
 * after it is what the process still holds, not garbage waiting for a collection.
 */
const HEAP_SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOT_DIR;

export interface BenchService {
  name: ServiceName;
  url: string;
  /** The process it runs in (the bench's own when in-process). */
  pid: number;
  /** Where its Prometheus metrics are served (spawned services only). */
  metricsUrl?: string;
  stop(): Promise<unknown>;
}

export interface BenchStack {
  readonly separate: boolean;
  readonly services: BenchService[];
  /** Base URL of the named service (the gateway's is where the public API is). */
  url(name: ServiceName): string;
  /** Resident memory of each service's process in MiB; in one process, the bench's own (every service shares it). */
  residentMiB(): Record<string, number>;
  /** Starts watching each process's peak resident memory (see watchResidentPeaks); `stop()` gives them, MiB. */
  watchPeaks(): { stop(): Record<string, number> };
  /** Each spawned service's CPU and garbage-collection time so far, from its own /metrics (empty in one process). */
  cpuAndGc(): Promise<Record<string, CpuAndGc>>;
  /** With BENCH_HEAP_SNAPSHOT_DIR: has each spawned service write a heap snapshot (after a full collection); resolves when all are written. */
  snapshotHeaps(): Promise<void>;
  stop(): Promise<void>;
}

/** Seconds since the process started: CPU (user + system) and time in V8 garbage collection, by kind. */
export interface CpuAndGc {
  cpuSeconds: number;
  gcSeconds: number;
  minorGcSeconds: number;
  majorGcSeconds: number;
  gcCount: number;
  /** V8 heap reserved and used, its young generation (new space) reserved, and memory outside the heap (buffers), MiB. */
  heapTotalMiB: number;
  heapUsedMiB: number;
  newSpaceMiB: number;
  externalMiB: number;
}

/** Reads CpuAndGc out of prom-client's default metrics (process_cpu_seconds_total, nodejs_gc_duration_seconds). */
export function cpuAndGcOf(metrics: string): CpuAndGc {
  const samples = metrics.split('\n').filter((l) => l && !l.startsWith('#'));
  const sum = (prefix: string, kind?: string) =>
    samples.filter((l) => l.startsWith(prefix) && (!kind || l.includes(`kind="${kind}"`))).reduce((a, l) => a + Number(l.split(' ').pop()), 0);
  return {
    cpuSeconds: sum('process_cpu_seconds_total'),
    gcSeconds: sum('nodejs_gc_duration_seconds_sum'),
    minorGcSeconds: sum('nodejs_gc_duration_seconds_sum', 'minor'),
    majorGcSeconds: sum('nodejs_gc_duration_seconds_sum', 'major'),
    gcCount: sum('nodejs_gc_duration_seconds_count'),
    heapTotalMiB: Math.round(sum('nodejs_heap_size_total_bytes') / 1048576),
    heapUsedMiB: Math.round(sum('nodejs_heap_size_used_bytes') / 1048576),
    newSpaceMiB: Math.round(samples.filter((l) => l.startsWith('nodejs_heap_space_size_total_bytes{space="new"')).reduce((a, l) => a + Number(l.split(' ').pop()), 0) / 1048576),
    externalMiB: Math.round(sum('nodejs_external_memory_bytes') / 1048576),
  };
}

/** The change of each service's CpuAndGc between two readings, as a table (seconds, and GC's share of the CPU time). */
export function cpuAndGcTable(before: Record<string, CpuAndGc>, after: Record<string, CpuAndGc>): string {
  const rows = Object.keys(after).map((name) => {
    const a = after[name]!;
    const b = before[name] ?? { ...a, cpuSeconds: 0, gcSeconds: 0, minorGcSeconds: 0, majorGcSeconds: 0, gcCount: 0 };
    const cpu = a.cpuSeconds - b.cpuSeconds;
    const gc = a.gcSeconds - b.gcSeconds;
    return `| ${name} | ${cpu.toFixed(2)} | ${gc.toFixed(3)} | ${(a.minorGcSeconds - b.minorGcSeconds).toFixed(3)} | ${(a.majorGcSeconds - b.majorGcSeconds).toFixed(3)} | ${a.gcCount - b.gcCount} | ${cpu > 0 ? ((100 * gc) / cpu).toFixed(1) : '–'} |`;
  });
  return ['| process | CPU s | GC s | minor GC s | major GC s | collections | GC % of CPU |', '|---|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

/** Where each service's memory is, idle and after a load: RSS beside the V8 heap (reserved / used), its young generation and external memory, MiB. */
export function memoryTable(
  idle: Record<string, CpuAndGc>,
  idleRss: Record<string, number>,
  after: Record<string, CpuAndGc>,
  afterRss: Record<string, number>,
  labels: [string, string] = ['idle', 'after'],
): string {
  const cell = (r: CpuAndGc | undefined, rss: number | undefined) => (r ? `${rss} | ${r.heapTotalMiB} / ${r.heapUsedMiB} | ${r.newSpaceMiB} | ${r.externalMiB}` : '– | – | – | –');
  const rows = Object.keys(after).map((name) => `| ${name} | ${cell(idle[name], idleRss[name])} | ${cell(after[name], afterRss[name])} |`);
  return [
    `| process | ${labels[0]}: RSS | heap total / used | new space | external | ${labels[1]}: RSS | heap total / used | new space | external |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** Node options that make a process write a heap snapshot into `dir` on SIGUSR2 (see snapshotHeapsOf). */
export const heapSnapshotOptions = (dir: string) => `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`;

/** Signals each of `pids` (started with heapSnapshotOptions(dir)) to write a heap snapshot; resolves once all are written. */
export async function snapshotHeapsOf(pids: number[], dir: string): Promise<void> {
  const files = () => readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
  const before = files().length;
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  // A snapshot is written under its final name as it goes: done when every file stops growing.
  const sizes = () => files().map((f) => statSync(path.join(dir, f)).size).join(',');
  let last = '';
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = sizes();
    if (files().length >= before + pids.length && now === last) return;
    last = now;
  }
}

/** A field of /proc/<pid>/status in MiB (VmRSS, VmHWM), NaN when the process is gone. */
function statusMiB(pid: number, field: string): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Linux's clock ticks per second for /proc's CPU times (USER_HZ: 100 on every kernel configuration in use). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a live process has used so far, from /proc; 0 when it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised name, which may itself hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * The highest resident memory of each process while a load runs, not only what is left after it:
 * each process's peak (VmHWM) is reset when watching starts (`clear_refs` 5) and read at `stop()`.
 * Where the reset is refused, VmRSS sampled every 20 ms stands in (a peak between two samples is missed).
 */
export function watchResidentPeaks(pids: Record<string, number>): { stop(): Record<string, number> } {
  const names = Object.keys(pids);
  const exact = new Set(
    names.filter((name) => {
      try {
        writeFileSync(`/proc/${pids[name]}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    }),
  );
  const sampled: Record<string, number> = {};
  const sample = () => {
    for (const name of names) if (!exact.has(name)) sampled[name] = Math.max(sampled[name] ?? 0, statusMiB(pids[name]!, 'VmRSS'));
  };
  sample();
  const timer = exact.size < names.length ? setInterval(sample, 20) : undefined;
  return {
    stop() {
      if (timer) clearInterval(timer);
      sample();
      return Object.fromEntries(names.map((name) => [name, exact.has(name) ? statusMiB(pids[name]!, 'VmHWM') : sampled[name]!]));
    },
  };
}

/** VmRSS of a process, MiB (Linux); NaN when the process is gone. */
export function residentMiBOf(pid: number): number {
  if (pid === process.pid) return Math.round(process.memoryUsage().rss / 1024 / 1024);
  return statusMiB(pid, 'VmRSS');
}

/**
 * Starts `defs` against `nats`, backends first (they migrate their schemas) and the gateway
 * last. `env` is shared by all; each service gets its own bus credentials on top of it.
 */
export async function startBenchStack(
  nats: Pick<NatsServerHandle, 'envFor'>,
  defs: readonly ServiceDefinition<any>[],
  env: Record<string, string>,
  opts: { separate?: boolean; startTimeoutMs?: number } = {},
): Promise<BenchStack> {
  const separate = opts.separate ?? SEPARATE;
  const services: BenchService[] = [];
  const start = async (def: ServiceDefinition<any>): Promise<BenchService> => {
    const name = def.name as ServiceName;
    const own = { ...env, ...nats.envFor(name) };
    if (separate) {
      // Spawned services log at info so spawnService can see "<name> started".
      const profile = PROFILED.has(name) ? `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR ?? 'cpu-profiles'}` : '';
      const snapshots = HEAP_SNAPSHOT_DIR ? heapSnapshotOptions(HEAP_SNAPSHOT_DIR) : '';
      const nodeOptions = [profile, snapshots, EXTRA_NODE_OPTIONS].filter(Boolean).join(' ');
      const procEnv = { ...own, LOG_LEVEL: 'info', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
      const proc = BUILT
        ? await spawnService(name, procEnv, opts.startTimeoutMs ?? 90_000, `dist/services/${name}/src/main.js`, { compiled: true })
        : await spawnService(name, procEnv, opts.startTimeoutMs ?? 90_000);
      const started = proc.logs.find((l) => l.msg === `${name} started`);
      const metricsBase = typeof started?.opsUrl === 'string' ? started.opsUrl.replace('0.0.0.0', '127.0.0.1') : proc.url;
      return { name, url: proc.url, pid: proc.child.pid!, metricsUrl: `${metricsBase}/metrics`, stop: () => proc.stop() };
    }
    const service = await startService({ ...def, env: { LOG_LEVEL: 'silent', ...own } });
    return { name, url: service.url.replace('://0.0.0.0:', '://127.0.0.1:'), pid: process.pid, stop: () => service.close() };
  };
  const stack: BenchStack = {
    separate,
    services,
    url(name) {
      const found = services.find((s) => s.name === name);
      if (!found) throw new Error(`${name} is not part of this bench`);
      return found.url;
    },
    residentMiB: () => Object.fromEntries(services.map((s) => [separate ? s.name : 'all services (one process)', residentMiBOf(s.pid)])),
    watchPeaks: () => watchResidentPeaks(Object.fromEntries(services.map((s) => [separate ? s.name : 'all services (one process)', s.pid]))),
    async snapshotHeaps() {
      if (HEAP_SNAPSHOT_DIR && separate) await snapshotHeapsOf(services.map((s) => s.pid), HEAP_SNAPSHOT_DIR);
    },
    cpuAndGc: async () =>
      Object.fromEntries(
        await Promise.all(services.filter((s) => s.metricsUrl).map(async (s) => [s.name, cpuAndGcOf(await (await fetch(s.metricsUrl!)).text())] as const)),
      ),
    async stop() {
      for (const s of services.splice(0).reverse()) await s.stop();
    },
  };
  try {
    const backends = defs.filter((d) => d.name !== 'gateway');
    const gateway = defs.filter((d) => d.name === 'gateway');
    if (separate) {
      // Each pushed as it comes up, so a failure elsewhere still stops it.
      const started = await Promise.allSettled(backends.map(async (def) => services.push(await start(def))));
      const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    } else for (const def of backends) services.push(await start(def));
    for (const def of gateway) services.push(await start(def));
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}

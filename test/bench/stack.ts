/**
 * The services a bench runs, in the bench's own process or each in its own (`BENCH_MODE=processes`,
 * as deployed), always with the bus identity a deployment gives each one: its nkey, its principal
 * signing key and every verify key. A spawned service without them is refused by the bus.
 */
import { readFileSync } from 'node:fs';
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

export interface BenchService {
  name: ServiceName;
  url: string;
  /** The process it runs in (the bench's own when in-process). */
  pid: number;
  stop(): Promise<unknown>;
}

export interface BenchStack {
  readonly separate: boolean;
  readonly services: BenchService[];
  /** Base URL of the named service (the gateway's is where the public API is). */
  url(name: ServiceName): string;
  /** Resident memory of each service's process in MiB; in one process, the bench's own (every service shares it). */
  residentMiB(): Record<string, number>;
  stop(): Promise<void>;
}

/** VmRSS of a process, MiB (Linux); NaN when the process is gone. */
export function residentMiBOf(pid: number): number {
  if (pid === process.pid) return Math.round(process.memoryUsage().rss / 1024 / 1024);
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
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
      const profile: Record<string, string> = PROFILED.has(name) ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR ?? 'cpu-profiles'}` } : {};
      const proc = BUILT
        ? await spawnService(name, { ...own, LOG_LEVEL: 'info', ...profile }, opts.startTimeoutMs ?? 90_000, `dist/services/${name}/src/main.js`, { compiled: true })
        : await spawnService(name, { ...own, LOG_LEVEL: 'info', ...profile }, opts.startTimeoutMs ?? 90_000);
      return { name, url: proc.url, pid: proc.child.pid!, stop: () => proc.stop() };
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

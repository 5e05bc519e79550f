import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_SERVICES, type BackendService } from '#libs/contracts';
import { spawnService, type NatsServerHandle, type ServiceProcess } from '#libs/testing';

export type PlatformService = BackendService | 'gateway';
export const PLATFORM_SERVICES: readonly PlatformService[] = [...BACKEND_SERVICES, 'gateway'];

/** The operator's email: the workload issues its ingestion key as this person. */
export const OPERATOR_EMAIL = 'operator@chaos.example';

export interface PlatformOptions {
  /** The bus: a single server or a cluster (its `envFor` names every node). */
  bus: Pick<NatsServerHandle, 'envFor'>;
  databaseUrl: string;
  /** Processes per service. */
  replicas: number;
  /** `NATS_STREAM_REPLICAS` the services check the provisioned streams and buckets against. */
  streamReplicas: number;
  /** A replica's `NATS_URL` instead of the bus's (a proxy the run can stall), by service and replica index. */
  natsUrlFor?: (service: PlatformService, replica: number) => string | undefined;
  env?: Record<string, string>;
  /** Where each process's JSON log goes when it ends (`<service>-<replica>-<start>.log`), for a post-mortem. */
  logDir?: string;
}

export interface Platform {
  /** Base URLs of the gateways running now. */
  gateways(): string[];
  /** Replica `i` of `service` as it runs now, if it does. */
  replica(service: PlatformService, i: number): ServiceProcess | undefined;
  /** SIGKILL: the replica gets no chance to finish anything (in-flight requests, unpublished outbox rows). */
  kill(service: PlatformService, i: number): Promise<void>;
  /** Starts replica `i` again with the environment it had. */
  restart(service: PlatformService, i: number): Promise<void>;
  /** SIGKILLs every process it started. Safe to call twice, and from a signal handler. */
  killAll(): void;
  /** Stops every process (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 180_000;
const START_ATTEMPTS = 3;

/**
 * The whole platform as separate processes, `replicas` of each service, on ports the OS
 * picks: what a deployment runs, so a process can die without taking the test runner along.
 */
export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const running = new Map<string, ServiceProcess>();
  const keyOf = (service: PlatformService, i: number) => `${service}#${i}`;
  const envOf = (service: PlatformService, i: number): Record<string, string> => {
    const bus = opts.bus.envFor(service);
    const natsUrl = opts.natsUrlFor?.(service, i);
    return {
      ...bus,
      ...(natsUrl ? { NATS_URL: natsUrl } : {}),
      DATABASE_URL: opts.databaseUrl,
      NATS_STREAM_REPLICAS: String(opts.streamReplicas),
      // Twelve backend processes share one PostgreSQL server with whatever else runs there.
      DB_POOL_MAX: '4',
      SHUTDOWN_TIMEOUT_MS: '2000',
      HTTP_PORT: '0',
      GATEWAY_PORT: '0',
      GATEWAY_OPS_PORT: '0',
      PLATFORM_ADMINS: OPERATOR_EMAIL,
      // The workload signs many people up and in from one address.
      SIGNUP_MAX_PER_IP: '100000',
      SIGNUP_MAX_PER_ACCOUNT: '1000',
      LOGIN_MAX_PER_IP: '100000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
      ...opts.env,
    };
  };
  let starts = 0;
  const start = async (service: PlatformService, i: number) => {
    let proc: ServiceProcess | undefined;
    // As an orchestrator would: a replica that gives up at start (the cluster still electing a
    // stream leader on a loaded machine) is started again.
    for (let attempt = 1; !proc; attempt++) {
      proc = await spawnService(service, envOf(service, i), START_TIMEOUT_MS).catch((err: unknown) => {
        if (attempt >= START_ATTEMPTS || stopped) throw err;
        return undefined;
      });
    }
    if (stopped) {
      proc.child.kill('SIGKILL');
      return;
    }
    running.set(keyOf(service, i), proc);
    if (opts.logDir) {
      const file = path.join(opts.logDir, `${service}-${i}-${++starts}.log`);
      proc.child.once('exit', () => writeFileSync(file, proc.logs.map((l) => JSON.stringify(l)).join('\n')));
    }
  };
  let stopped = false;
  const killAll = () => {
    stopped = true;
    for (const proc of running.values()) if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  };

  const platform: Platform = {
    gateways: () => [...running.entries()].filter(([key]) => key.startsWith('gateway#')).map(([, p]) => p.url),
    replica: (service, i) => running.get(keyOf(service, i)),
    async kill(service, i) {
      const proc = running.get(keyOf(service, i));
      running.delete(keyOf(service, i));
      await proc?.stop('SIGKILL');
    },
    restart: (service, i) => start(service, i),
    killAll,
    async stop() {
      stopped = true;
      const all = [...running.values()];
      running.clear();
      await Promise.all(
        all.map(async (proc) => {
          const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
          await proc.stop('SIGTERM');
          clearTimeout(timer);
        }),
      );
    },
  };
  const all = async (starts: Promise<void>[]) => {
    const failed = (await Promise.allSettled(starts)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    // The first replica of each backend migrates its schema; the others find it done.
    await all(BACKEND_SERVICES.map((s) => start(s, 0)));
    for (let i = 1; i < opts.replicas; i++) await all(BACKEND_SERVICES.map((s) => start(s, i)));
    for (let i = 0; i < opts.replicas; i++) await start('gateway', i);
  } catch (err) {
    killAll();
    throw err;
  }
  return platform;
}

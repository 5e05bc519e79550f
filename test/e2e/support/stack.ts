import { randomBytes } from 'node:crypto';
import type { BackendService } from '#libs/contracts';
import { startService, type RunningService, type ServiceDefinition } from '#libs/service-defaults';
import { createTestDatabase, startNatsServer, startTcpProxy, type NatsServerHandle, type TcpProxy, type TestDatabase } from '#libs/testing';
import { identityApp } from '../../../services/identity/src/identity.app.js';
import { rosterApp } from '../../../services/roster/src/roster.app.js';
import { campaignsApp } from '../../../services/campaigns/src/campaigns.app.js';
import { negotiationApp } from '../../../services/negotiation/src/negotiation.app.js';
import { metricsIngestionApp } from '../../../services/metrics-ingestion/src/metrics-ingestion.app.js';
import { metricsApp } from '../../../services/metrics/src/metrics.app.js';
import { notificationsApp } from '../../../services/notifications/src/notifications.app.js';
import { gatewayApp } from '../../../services/gateway/src/gateway.app.js';

/** Every backend service, as `main.ts` runs it, by name. */
export const BACKEND_APPS: Record<BackendService, ServiceDefinition<any>> = {
  identity: identityApp,
  roster: rosterApp,
  campaigns: campaignsApp,
  negotiation: negotiationApp,
  'metrics-ingestion': metricsIngestionApp,
  metrics: metricsApp,
  notifications: notificationsApp,
};
export const ALL_BACKENDS = Object.keys(BACKEND_APPS) as BackendService[];

export interface StackOptions {
  /** Backend services to run; all of them by default. */
  services?: readonly BackendService[];
  /** How many gateway instances to run, each on its own port (they share NATS); 1 by default. */
  gateways?: number;
  /** Extra environment for every service, e.g. `{ HEALTH_TIMEOUT_MS: '500' }`. */
  env?: Record<string, string>;
  /** The services reach PostgreSQL through a proxy a test can cut (`Stack.databaseProxy`). */
  databaseProxy?: boolean;
}

export interface Stack {
  readonly nats: NatsServerHandle;
  readonly db: TestDatabase;
  /** Between the services and PostgreSQL when the stack was started with `databaseProxy`. */
  readonly databaseProxy?: TcpProxy;
  readonly gatewayCount: number;
  /** Base URL of gateway instance `i` (0 by default), e.g. `http://127.0.0.1:41234`. */
  gatewayUrl(i?: number): string;
  /** Gateway instance `i` itself (its Nest app), for tests that look at its internals (breakers). */
  gateway(i?: number): RunningService;
  isRunning(service: BackendService): boolean;
  /** A running backend service, to reach its providers (e.g. a sweeper run with a test's clock). */
  service(service: BackendService): RunningService;
  /** Shuts one backend service down the way SIGTERM would (drain, close); the rest keep running. */
  stopService(service: BackendService): Promise<void>;
  /** Starts a stopped backend service again (same NATS, same database). */
  startService(service: BackendService): Promise<void>;
  /** Stops every service, the NATS server and drops the database. Safe to call twice. */
  close(): Promise<void>;
}

const BOOT_TIMEOUT_MS = 120_000;
const CLOSE_TIMEOUT_MS = 60_000;

function localUrl(url: string): string {
  return url.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://127.0.0.1:');
}

/**
 * The platform in this process: a private nats-server with JetStream and a fresh database for
 * this test file, the backend services and one or more gateways, each started exactly as its
 * `main.ts` starts it (`startService` with its ServiceDefinition), on ports chosen by the OS.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const wanted = [...(options.services ?? ALL_BACKENDS)];
  const gatewayCount = options.gateways ?? 1;
  const [natsResult, dbResult] = await Promise.allSettled([startNatsServer(), createTestDatabase()]);
  if (natsResult.status === 'rejected' || dbResult.status === 'rejected') {
    if (natsResult.status === 'fulfilled') await natsResult.value.stop();
    if (dbResult.status === 'fulfilled') await dbResult.value.drop();
    throw natsResult.status === 'rejected' ? natsResult.reason : (dbResult as PromiseRejectedResult).reason;
  }
  const nats = natsResult.value;
  const db = dbResult.value;
  let databaseProxy: TcpProxy | undefined;
  let databaseUrl = db.url;
  if (options.databaseProxy) {
    const direct = new URL(db.url);
    databaseProxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(db.url);
    proxied.hostname = databaseProxy.host;
    proxied.port = String(databaseProxy.port);
    databaseUrl = proxied.toString();
  }

  const env = {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    // A quarter of this is how long a stopping service waits for in-flight NATS requests;
    // the default (10 s → 2 s) would make every stop and every teardown slow.
    SHUTDOWN_TIMEOUT_MS: '2000',
    // The suite shares two cores among many stacks; a first sign-up (scrypt, cold code paths)
    // can outlast the production 5 s deadline there. No test here depends on that deadline;
    // tests that need a short one set it (or a route's own deadline) themselves.
    NATS_REQUEST_TIMEOUT_MS: '15000',
    // Webhook tests send to a receiver on 127.0.0.1; a test that checks the refusal sets 'false'.
    WEBHOOKS_ALLOW_PRIVATE: 'true',
    // Webhook signing secrets sealed at rest, as production runs.
    WEBHOOK_SECRET_KEYS: `e2e=${randomBytes(32).toString('base64')}`,
    ...options.env,
  };
  const backends = new Map<BackendService, RunningService>();
  const gateways: RunningService[] = [];
  let closing: Promise<void> | undefined;

  // Each service connects with its own generated credentials, as in a deployment.
  const boot = (def: ServiceDefinition<any>, port: Record<string, string>) =>
    startService({ ...def, env: { ...nats.envFor(def.name), ...env, ...port } });

  async function startBackend(name: BackendService) {
    if (backends.has(name)) throw new Error(`${name} is already running`);
    backends.set(name, await boot(BACKEND_APPS[name], { HTTP_PORT: '0' }));
  }

  async function close() {
    closing ??= (async () => {
      const errors: unknown[] = [];
      const settle = async (work: Promise<unknown>[]) => {
        for (const r of await Promise.allSettled(work)) if (r.status === 'rejected') errors.push(r.reason);
      };
      // Front door first, then the services behind it, then what they stand on.
      await settle(gateways.splice(0).map((g) => g.close()));
      await settle([...backends.values()].map((s) => s.close()));
      backends.clear();
      await settle([nats.stop(), db.drop(), ...(databaseProxy ? [databaseProxy.close()] : [])]);
      if (errors.length) throw new AggregateError(errors, 'closing the e2e stack failed');
    })();
    return closing;
  }

  try {
    // Services are independent at boot (each migrates its own schema): start them together.
    const results = await Promise.allSettled(wanted.map((name) => startBackend(name)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (let i = 0; i < gatewayCount; i++) gateways.push(await boot(gatewayApp, { GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0' }));
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }

  return {
    nats,
    db,
    databaseProxy,
    gatewayCount,
    gatewayUrl(i = 0) {
      const gateway = gateways[i];
      if (!gateway) throw new Error(`no gateway #${i}: this stack runs ${gateways.length}`);
      return localUrl(gateway.url);
    },
    gateway(i = 0) {
      const gateway = gateways[i];
      if (!gateway) throw new Error(`no gateway #${i}: this stack runs ${gateways.length}`);
      return gateway;
    },
    isRunning: (name) => backends.has(name),
    service(name) {
      const running = backends.get(name);
      if (!running) throw new Error(`${name} is not running`);
      return running;
    },
    async stopService(name) {
      const running = backends.get(name);
      if (!running) throw new Error(`${name} is not running`);
      backends.delete(name);
      await running.close();
    },
    startService: startBackend,
    close,
  };
}

/**
 * Starts a stack before the tests of the enclosing `describe` (or file) and closes it after
 * them; returns an accessor, since the stack exists only once `beforeAll` has run.
 *
 *   const stack = useStack({ gateways: 2 });
 *   it('…', async () => { await fetch(`${stack().gatewayUrl(1)}/v1/health`); });
 */
export function useStack(options: StackOptions = {}): () => Stack {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack(options);
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.close();
  }, CLOSE_TIMEOUT_MS);
  return () => {
    if (!stack) throw new Error('the e2e stack is not running (did its beforeAll fail?)');
    return stack;
  };
}

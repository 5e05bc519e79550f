import { Global, Module, type DynamicModule, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import Fastify, { type FastifyInstance } from 'fastify';
import { MikroORM } from '@mikro-orm/postgresql';
import { EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { schemaOf, type BackendService, type ServiceName } from '#libs/contracts';
import { createLogger, PinoNestLogger, ServiceMetrics, type Logger, type Telemetry } from '#libs/observability';
import { openServiceOrm } from '#libs/persistence';
import { OutboxRelay, pruneMessagingTables, RequestClient, verifyBusTopology, type CommandHandlerSet, type RetentionPolicy } from '#libs/messaging';
import { busSecurity } from './bus-security.js';
import { baseConfigSchema, loadConfig, portSchema, type BaseConfig } from './config/config.js';
import { RpcContractInterceptor } from './rpc/rpc-contract.interceptor.js';
import { TraceContextSerializer } from './rpc/trace-context.serializer.js';
import { InflightRequests } from './rpc/inflight.js';
import { UnitOfWork } from './persistence/unit-of-work.js';
import { persistenceWithKit, type ServicePersistence } from './persistence/kit-migrations.js';
import { pruneProcessedCommands } from './commands/processed-commands.js';
import { Readiness } from './health/readiness.js';
import { healthRpcController } from './health/health.rpc-controller.js';
import { registerProbeRoutes } from './health/http-probes.js';
import { LOGGER, NATS_CONNECTION, SERVICE_CONFIG, SERVICE_NAME } from './tokens.js';
import { checkCommandHandlers, startConsumers, type ConsumerDefinition, type ServiceConsumers } from './consumers.js';
import { registerOperationalGauges } from './metrics/operational-gauges.js';

export interface ServiceDefinition<C extends z.ZodObject = typeof baseConfigSchema> {
  name: ServiceName;
  /** The service's own root module (controllers, domain providers). */
  module: Type<unknown>;
  /** Extra environment the service reads, validated with the base variables at boot. */
  config?: C;
  /**
   * Entities and migrations when the service owns a schema. The kit adds its own tables'
   * (messaging, processed commands, and the grant copy when `grantCopy`).
   */
  persistence?: ServicePersistence;
  /**
   * Which variable names the HTTP port, and its default. With `ops`, probes and `/metrics`
   * get a port of their own (a public HTTP door keeps them off the port clients reach).
   */
  http: { portEnv: string; defaultPort: number; bodyLimitBytes?: number; ops?: { portEnv: string; defaultPort: number } };
  /**
   * Durable JetStream consumers (needs `persistence`: the inbox lives in the service's schema).
   * Started once the app is up, counted in readiness, drained on shutdown.
   */
  consumers?: ConsumerDefinition[];
  /**
   * The handlers of the service's command intake (`<service>.cmd.>`, a work queue read by one
   * durable shared by every replica), an `@Injectable()` `CommandHandlerSet` provided by the
   * module. Required when the registry has commands for the service, and then covering exactly
   * those. Started, counted and drained with the consumers.
   */
  commands?: Type<CommandHandlerSet>;
  /** Whether the service answers NATS requests (every backend service does). */
  rpc?: boolean;
  /** Hooks on the raw Fastify instance, before any route is registered (limits, headers, errors). */
  configureFastify?: (fastify: FastifyInstance, ctx: { logger: Logger; metrics: ServiceMetrics }) => void;
  /** Last step before listening (OpenAPI, global filters). */
  configureApp?: (app: NestFastifyApplication) => void | Promise<void>;
  telemetry?: Telemetry;
  env?: NodeJS.ProcessEnv;
}

export interface RunningService {
  app: INestApplication;
  url: string;
  /** Where probes and `/metrics` answer when the service has an operations port. */
  opsUrl?: string;
  logger: Logger;
  /** SHUTDOWN_TIMEOUT_MS as validated at boot: the bound on `close()`. */
  shutdownTimeoutMs: number;
  close(): Promise<void>;
}

export function assertNodeVersion(min = 24) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < min) {
    throw new Error(`Node ${min} or newer is required (running ${process.versions.node}); run through npm scripts or npx so the pinned Node is used`);
  }
}

/**
 * One way to start every service, so each `main.ts` is a few lines: validated config,
 * JSON logs with trace ids, Prometheus metrics, probes, the NATS request transport in a
 * queue group named after the service, migrations before the first request, and an
 * orderly shutdown on SIGTERM/SIGINT.
 */
export async function startService<C extends z.ZodObject>(def: ServiceDefinition<C>): Promise<RunningService> {
  assertNodeVersion();
  const env = def.env ?? process.env;
  const ports = { [def.http.portEnv]: portSchema.default(def.http.defaultPort), ...(def.http.ops ? { [def.http.ops.portEnv]: portSchema.default(def.http.ops.defaultPort) } : {}) };
  const schema = baseConfigSchema.extend(ports).extend(def.config?.shape ?? {});
  const config = loadConfig(schema, env) as BaseConfig & Record<string, unknown>;
  if (!def.commands) checkCommandHandlers(def.name as BackendService, undefined);
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const metrics = new ServiceMetrics(def.name);
  const bus = busSecurity(def.name, config, logger);

  const nc = await connect({
    servers: config.NATS_URL.split(','),
    ...bus.connectOptions,
    name: def.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // The client otherwise builds an Error per request just to keep its call stack for a failure
    // that is rare; RequestClient turns every failure into an AppError of its own anyway. In a
    // profile of the gateway composing cards it was the costliest allocation per section call.
    noAsyncTraces: true,
  });
  const streamOptions = { replicas: config.NATS_STREAM_REPLICAS, storage: config.NATS_STREAM_STORAGE, maxAgeMs: config.EVENT_RETENTION_HOURS * HOUR_MS };
  try {
    // Streams are provisioned, never self-served: refuse to run on one that is missing or was
    // changed behind our back (another service's subjects captured, sources added, sealed…).
    await verifyBusTopology(nc, def.name, streamOptions);
  } catch (err) {
    await nc.close().catch(() => undefined);
    throw err;
  }
  const orm = def.persistence
    ? await openServiceOrm({
        schema: schemaOf(def.name),
        clientUrl: config.DATABASE_URL,
        migrationUrl: config.DATABASE_MIGRATION_URL,
        poolMax: config.DB_POOL_MAX,
        ...persistenceWithKit(def.persistence),
        onMigrated: (applied) => applied.length && logger.info({ applied }, 'migrations applied'),
      })
    : undefined;
  const readiness = new Readiness(nc, orm);
  const inflight = new InflightRequests();
  // A service with a schema has an outbox: its relay must run (its stream was checked above).
  let relay: OutboxRelay | undefined;
  let retention: NodeJS.Timeout | undefined;
  const consumes = Boolean(def.consumers?.length || def.commands);
  if (consumes && !orm) throw new Error(`${def.name} declares consumers but no persistence: the inbox needs a schema`);
  if (orm) {
    relay = new OutboxRelay({
      orm,
      nc,
      logger,
      pollIntervalMs: 500,
      onParked: (row) => metrics.outboxParked.inc({ subject: row.subject }),
    });
    relay.start();
    retention = startRetention(orm, logger, {
      outboxMs: config.OUTBOX_RETENTION_HOURS * HOUR_MS,
      // An id older than the stream's retention cannot be redelivered any more.
      inboxMs: (config.EVENT_RETENTION_HOURS + 24) * HOUR_MS,
    });
  }

  const providers: Provider[] = [
    { provide: SERVICE_NAME, useValue: def.name },
    { provide: SERVICE_CONFIG, useValue: config },
    { provide: LOGGER, useValue: logger },
    { provide: ServiceMetrics, useValue: metrics },
    { provide: NATS_CONNECTION, useValue: nc },
    { provide: Readiness, useValue: readiness },
    { provide: RequestClient, useValue: new RequestClient(nc, config.NATS_REQUEST_TIMEOUT_MS, bus.signer) },
  ];
  if (orm) {
    providers.push(
      { provide: MikroORM, useValue: orm },
      { provide: EntityManager, useValue: orm.em },
      { provide: OutboxRelay, useValue: relay },
      { provide: UnitOfWork, useValue: new UnitOfWork(orm, relay!) },
    );
  }

  @Global()
  @Module({})
  class ServiceDefaultsModule {}
  const defaults: DynamicModule = { module: ServiceDefaultsModule, providers, exports: providers.map((p) => (p as { provide: unknown }).provide as never) };

  @Module({})
  class RootModule {}
  const root: DynamicModule = {
    module: RootModule,
    imports: [defaults, def.module],
    controllers: def.rpc === false ? [] : [healthRpcController(def.name as BackendService)],
  };

  const adapter = new FastifyAdapter({ bodyLimit: def.http.bodyLimitBytes ?? 1024 * 1024, logger: false });
  def.configureFastify?.(adapter.getInstance(), { logger, metrics });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  const ops = def.http.ops ? Fastify({ logger: false }) : undefined;
  registerProbeRoutes(ops ?? app.getHttpAdapter().getInstance(), readiness, metrics);
  if (def.rpc !== false) {
    // Registered before connecting: `inheritAppConfig` copies what the app has at that moment.
    app.useGlobalInterceptors(new RpcContractInterceptor(metrics, logger, inflight, bus.verifier, (provider) => app.get(provider, { strict: false })));
    app.connectMicroservice<MicroserviceOptions>(
      {
        transport: Transport.NATS,
        options: {
          servers: config.NATS_URL.split(','),
          ...bus.connectOptions,
          queue: def.name,
          name: `${def.name}-rpc`,
          // Draining is done below by stopNatsIntake(): drain, then wait for in-flight work.
          gracefulShutdown: false,
          maxReconnectAttempts: -1,
          serializer: new TraceContextSerializer(),
        },
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    // Subscriptions are registered with the server before the service calls itself started.
    await Promise.all(app.getMicroservices().map((ms) => ms.unwrap<NatsConnection>().flush()));
  }
  let consumers: ServiceConsumers | undefined;
  if (orm && consumes) {
    consumers = await startConsumers(def.consumers ?? [], def.commands, { service: def.name as BackendService, app, nc, orm, logger, metrics, relay });
    const running = consumers;
    readiness.addCheck('consumers', () => (running.healthy() ? 'up' : 'down'));
  }
  registerOperationalGauges(metrics, logger, { readiness, nc, orm, consumers: consumers?.consumers });
  await def.configureApp?.(app);
  const port = config[def.http.portEnv] as number;
  await app.listen(port, config.HTTP_HOST);
  const url = await app.getUrl();
  const opsUrl = ops && def.http.ops ? await ops.listen({ port: config[def.http.ops.portEnv] as number, host: config.HTTP_HOST }) : undefined;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      readiness.markDraining();
      // Stop taking NATS work, let what is in flight reply, then Nest closes HTTP (letting
      // in-flight HTTP requests finish) and runs shutdown hooks (relays, consumers).
      clearInterval(retention);
      await stopNatsIntake(app, inflight, config.SHUTDOWN_TIMEOUT_MS / 2, logger);
      // Consumers stop pulling and finish (commit, ack) what they hold while the app still runs.
      await consumers?.drain();
      await app.close();
      await ops?.close();
      // Events already committed are published before the connection goes.
      await relay?.stop();
      await nc.drain().catch(() => undefined);
      await orm?.close(true);
      await def.telemetry?.shutdown().catch(() => undefined);
    })());

  logger.info({ url, port, ...(opsUrl ? { opsUrl } : {}), nats: config.NATS_URL, ...(def.telemetry ? { telemetryHooks: def.telemetry.hooks } : {}) }, `${def.name} started`);
  return { app, url, ...(opsUrl ? { opsUrl } : {}), logger, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS, close };
}

const HOUR_MS = 3_600_000;

/** Hourly clean-up of the outbox, inbox and processed-command tables (every replica may run it: deletes are idempotent). */
function startRetention(orm: MikroORM, logger: Logger, policy: RetentionPolicy): NodeJS.Timeout {
  const timer = setInterval(() => {
    pruneMessagingTables(orm.em, policy).then(
      (deleted) => (deleted.outbox || deleted.inbox) && logger.info(deleted, 'messaging tables pruned'),
      (err: unknown) => logger.warn({ err }, 'messaging table pruning failed; will retry'),
    );
    // Command results are kept as long as published events: a retry later than that runs again.
    pruneProcessedCommands(orm.em, orm.config.get('schema')!, policy.outboxMs).then(
      (commands) => commands > 0 && logger.info({ commands }, 'processed commands pruned'),
      (err: unknown) => logger.warn({ err }, 'processed command pruning failed; will retry'),
    );
  }, HOUR_MS);
  timer.unref();
  return timer;
}

/**
 * Drains every NATS handler's subscription — the server stops routing new requests here, and
 * requests already delivered to this process are still handled instead of dropped (a plain
 * unsubscribe would discard them and leave their callers to time out) — then waits (bounded)
 * for the requests running.
 */
async function stopNatsIntake(app: INestApplication, inflight: InflightRequests, timeoutMs: number, logger: Logger) {
  const deadline = Date.now() + timeoutMs;
  const drains: Promise<void>[] = [];
  for (const ms of app.getMicroservices()) {
    // Nest keeps the server's subscriptions internal; draining them is what stops intake.
    const server = (ms as unknown as { serverInstance?: { subscriptions?: { drain(): Promise<void> }[] } }).serverInstance;
    for (const sub of server?.subscriptions ?? []) drains.push(sub.drain().catch(() => undefined));
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(drains), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]).finally(() => clearTimeout(timer));
  if (!(await inflight.idle(Math.max(0, deadline - Date.now())))) logger.warn({ inflight: inflight.size }, 'shutting down with requests still running');
  await Promise.all(app.getMicroservices().map((ms) => ms.unwrap<NatsConnection>().flush().catch(() => undefined)));
}

/** Starts a service as a process: exits non-zero on bad config, shuts down on SIGTERM/SIGINT. */
export async function runService<C extends z.ZodObject>(def: ServiceDefinition<C>): Promise<void> {
  let service: RunningService;
  try {
    service = await startService(def);
  } catch (err) {
    const logger = createLogger(def.name);
    logger.fatal({ err }, `${def.name} failed to start: ${(err as Error).message}`);
    await def.telemetry?.shutdown().catch(() => undefined);
    process.exit(1);
  }
  const timeoutMs = service.shutdownTimeoutMs;
  const onSignal = (signal: NodeJS.Signals) => {
    service.logger.info({ signal }, `${def.name} shutting down`);
    const timer = setTimeout(() => {
      service.logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    service.close().then(
      () => {
        service.logger.info(`${def.name} stopped`);
        process.exit(0);
      },
      (err) => {
        service.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

import { jest } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { decodeJwt } from 'jose';
import { accessTokenClaimsSchema, grantEvents, identityContracts as c, principalFromClaims, type BackendService } from '#libs/contracts';
import { EventConsumer, MESSAGING_ENTITIES, onEvent, RequestClient } from '#libs/messaging';
import {
  createTestDatabase,
  isAncestor,
  OtlpReceiver,
  spawnService,
  startNatsServer,
  type NatsServerHandle,
  type ReceivedSpan,
  type ServiceProcess,
  type TestDatabase,
} from '#libs/testing';

/**
 * Every hop a trace must cross, as a table: the gateway and the backend services (all in one
 * second process) run with the real telemetry start-up and OTLP exporter, booted once; one
 * health request and one grant approval are made, and each edge is then checked on the spans
 * received. A new service adds its line here.
 */
type SpanMatch = { service: string; name?: string; sql?: true; httpServer?: true };
interface Edge {
  edge: string;
  from: SpanMatch;
  to: SpanMatch;
  /** `parent`: direct child; `ancestor`: somewhere below; `link`: the consumer links to the producer. */
  relation: 'parent' | 'ancestor' | 'link';
}

/** Test-side consumer: until a service consumes a JetStream event, this process stands in for one. */
const PROBE = 'telemetry-probe';
/** The process running every backend service (backends.main.ts). */
const BACKENDS = 'backends';

/** gateway → the service over NATS (its health subject), and the service's handler → its database. */
const service = (name: BackendService): Edge[] => [
  { edge: `gateway → ${name}`, from: { service: 'gateway', name: `${name}.health.check.v1 request` }, to: { service: BACKENDS, name: `${name}.health.check.v1 process` }, relation: 'parent' },
  { edge: `${name} → postgresql`, from: { service: BACKENDS, name: `${name}.health.check.v1 process` }, to: { service: BACKENDS, sql: true }, relation: 'ancestor' },
];
const event = (producer: BackendService, subject: string, consumer: string): Edge => ({
  edge: `${producer} → ${consumer} over JetStream (${subject})`,
  from: { service: BACKENDS, name: `${subject} publish` },
  to: { service: consumer, name: `${subject} process` },
  relation: 'link',
});

const EDGES: Edge[] = [
  { edge: 'gateway HTTP request → its NATS requests', from: { service: 'gateway', httpServer: true }, to: { service: 'gateway', name: 'roster.health.check.v1 request' }, relation: 'ancestor' },
  ...service('identity'),
  ...service('roster'),
  ...service('campaigns'),
  ...service('negotiation'),
  ...service('metrics-ingestion'),
  ...service('metrics'),
  event('identity', grantEvents.activated.subject, PROBE),
];

const isSql = (s: ReceivedSpan) => (s.attributes['db.system'] ?? s.attributes['db.system.name']) === 'postgresql';
const matches = (m: SpanMatch) => (s: ReceivedSpan) =>
  s.service === m.service && (m.sql ? isSql(s) : m.httpServer ? s.kind === 2 /* SERVER */ && !s.name.includes('.') : s.name === m.name);

function holds(spans: ReceivedSpan[], e: Edge): boolean {
  const froms = spans.filter(matches(e.from));
  return spans.filter(matches(e.to)).some((to) =>
    froms.some((from) => {
      if (e.relation === 'link') return to.links.some((l) => l.spanId === from.spanId && l.traceId === from.traceId);
      if (from.traceId !== to.traceId) return false;
      return e.relation === 'parent' ? to.parentSpanId === from.spanId : isAncestor(spans, from, to);
    }),
  );
}

describe('one trace across HTTP, NATS, SQL and JetStream', () => {
  jest.setTimeout(120_000);
  let nats: NatsServerHandle;
  let db: TestDatabase;
  let nc: NatsConnection;
  let orm: MikroORM;
  let consumer: EventConsumer;
  let tracing: TracerProvider | undefined;
  const receiver = new OtlpReceiver();
  const processes: ServiceProcess[] = [];
  let spans: ReceivedSpan[] = [];
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  beforeAll(async () => {
    [nats, db] = await Promise.all([startNatsServer(), createTestDatabase()]);
    const endpoint = await receiver.start();
    const env = { NATS_URL: nats.url, DATABASE_URL: db.url, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '50', HTTP_PORT: '0', GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0' };
    processes.push(...(await Promise.all([spawnService('gateway', env, 60_000), spawnService(BACKENDS, env, 60_000, 'test/telemetry/backends.main.ts')])));

    // This process exports its own spans too, under PROBE, through a real EventConsumer.
    tracing = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': PROBE }),
      spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }) })],
    });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(tracing);
    orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: db.url, schema: 'probe', entities: [...MESSAGING_ENTITIES], pool: { min: 0, max: 2 } });
    await orm.schema.create();
    nc = await connect({ servers: nats.url });
    consumer = new EventConsumer({ consumer: PROBE, nc, orm, handlers: [onEvent(grantEvents.activated, async () => undefined)] });
    await consumer.start();

    // One request through the gateway fans out to every backend service's health subject…
    const res = await fetch(`${processes[0]!.url}/v1/health`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    // …and one grant approval makes identity publish an event the probe consumes.
    const client = new RequestClient(nc, 10_000);
    const principalOf = (s: { accessToken: string }) => principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(s.accessToken)));
    const agency = await client.request(c.signup, { email: 'owner@agency.example', password: 'long-enough-password', name: 'Owner', kind: 'manager', organization: { name: 'Agency' }, clientIp: null });
    const creator = await client.request(c.signup, { email: 'creator@example.com', password: 'long-enough-password', name: 'Creator', kind: 'creator', handle: 'probe_creator', clientIp: null });
    const grant = await client.request(c.grantsRequest, { creatorHandle: 'probe_creator', scopes: ['metrics:read'] }, { principal: principalOf(agency) });
    await client.request(c.grantsApprove, { grantId: grant.id }, { principal: principalOf(creator) });

    spans = await receiver.waitFor((all) => EDGES.every((e) => holds(all, e)), 30_000).catch(() => receiver.spans);
  });

  afterAll(async () => {
    await consumer?.stop();
    await nc?.close();
    await orm?.close(true);
    await tracing?.shutdown();
    await Promise.all(processes.map((p) => p.stop()));
    await receiver.stop();
    await Promise.all([nats?.stop(), db?.drop()]);
  });

  it.each(EDGES.map((e) => [e.edge, e] as const))('%s', (_name, e) => {
    expect(spans.filter(matches(e.from)).length).toBeGreaterThan(0);
    expect(spans.filter(matches(e.to)).length).toBeGreaterThan(0);
    expect(holds(spans, e)).toBe(true);
  });

  it('continues the caller\'s trace id from the HTTP edge down to every database', () => {
    const inTrace = spans.filter((s) => s.traceId === traceId);
    const handlers = inTrace.filter((s) => s.name.endsWith('.health.check.v1 process'));
    const servicesReachingSql = handlers.filter((h) => inTrace.some((s) => isSql(s) && isAncestor(inTrace, h, s))).map((h) => h.name.split('.')[0]);
    expect(new Set(servicesReachingSql)).toEqual(new Set(['identity', 'roster', 'campaigns', 'negotiation', 'metrics-ingestion', 'metrics']));
  });
});

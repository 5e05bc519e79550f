import { jest } from '@jest/globals';
import { supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeJwt } from 'jose';
import { accessTokenClaimsSchema, BACKEND_SERVICES, grantEvents, identityContracts as c, principalFromClaims, type BackendService } from '#libs/contracts';
import { durableNameOf, PrincipalSigner, RequestClient } from '#libs/messaging';
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
 * health request and one grant approval are made through the gateway, and each edge is then
 * checked on the spans received. A new service adds its line here.
 */
type SpanMatch = { service: string; name?: string; sql?: true; httpServer?: true; consumerGroup?: string; traceId?: string };
interface Edge {
  edge: string;
  from: SpanMatch;
  to: SpanMatch;
  /** `parent`: direct child; `ancestor`: somewhere below. */
  relation: 'parent' | 'ancestor';
}

/** The process running every backend service (backends.main.ts). */
const BACKENDS = 'backends';

/** gateway → the service over NATS (its health subject), and the service's handler → its database. */
const service = (name: BackendService): Edge[] => [
  { edge: `gateway → ${name}`, from: { service: 'gateway', name: `${name}.health.check.v1 request` }, to: { service: BACKENDS, name: `${name}.health.check.v1 process` }, relation: 'parent' },
  { edge: `${name} → postgresql`, from: { service: BACKENDS, name: `${name}.health.check.v1 process` }, to: { service: BACKENDS, sql: true }, relation: 'ancestor' },
];

/**
 * The asynchronous path of one write, all in the trace the HTTP client started: the gateway's
 * route → identity's handler → its outbox row published by the relay → roster's durable
 * consumer applying the event → roster's SQL.
 */
const APPROVE_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const ACTIVATED = grantEvents.activated.subject;
const ROSTER_CONSUMER = durableNameOf('roster', 'IDENTITY');
const APPROVE_ROUTE: SpanMatch = { service: 'gateway', httpServer: true, traceId: APPROVE_TRACE_ID };
const APPROVE_HANDLER: SpanMatch = { service: BACKENDS, name: `${c.grantsApprove.subject} process` };
const PUBLISH: SpanMatch = { service: BACKENDS, name: `${ACTIVATED} publish` };
const ROSTER_PROCESS: SpanMatch = { service: BACKENDS, name: `${ACTIVATED} process`, consumerGroup: ROSTER_CONSUMER };
const ASYNC_PATH: Edge[] = [
  { edge: 'gateway route → identity handler', from: APPROVE_ROUTE, to: APPROVE_HANDLER, relation: 'ancestor' },
  { edge: 'identity handler → outbox publish (relay, after commit)', from: APPROVE_HANDLER, to: PUBLISH, relation: 'parent' },
  { edge: `outbox publish → roster consumer over JetStream (${ACTIVATED})`, from: PUBLISH, to: ROSTER_PROCESS, relation: 'parent' },
  { edge: 'roster consumer → postgresql', from: ROSTER_PROCESS, to: { service: BACKENDS, sql: true }, relation: 'ancestor' },
];

const EDGES: Edge[] = [
  { edge: 'gateway HTTP request → its NATS requests', from: { service: 'gateway', httpServer: true }, to: { service: 'gateway', name: 'roster.health.check.v1 request' }, relation: 'ancestor' },
  ...service('identity'),
  ...service('roster'),
  ...service('campaigns'),
  ...service('negotiation'),
  ...service('metrics-ingestion'),
  ...service('metrics'),
  ...service('notifications'),
  ...ASYNC_PATH,
];

const isSql = (s: ReceivedSpan) => (s.attributes['db.system'] ?? s.attributes['db.system.name']) === 'postgresql';
const matches = (m: SpanMatch) => (s: ReceivedSpan) =>
  s.service === m.service &&
  (m.sql ? isSql(s) : m.httpServer ? s.kind === 2 /* SERVER */ && !s.name.includes('.') : s.name === m.name) &&
  (!m.traceId || s.traceId === m.traceId) &&
  (!m.consumerGroup || s.attributes['messaging.consumer.group.name'] === m.consumerGroup);

function holds(spans: ReceivedSpan[], e: Edge): boolean {
  const froms = spans.filter(matches(e.from));
  return spans.filter(matches(e.to)).some((to) =>
    froms.some((from) => from.traceId === to.traceId && (e.relation === 'parent' ? to.parentSpanId === from.spanId : isAncestor(spans, from, to))),
  );
}

describe('one trace across HTTP, NATS, SQL and JetStream', () => {
  jest.setTimeout(120_000);
  let nats: NatsServerHandle;
  let db: TestDatabase;
  let nc: NatsConnection;
  const receiver = new OtlpReceiver();
  const processes: ServiceProcess[] = [];
  let spans: ReceivedSpan[] = [];
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  beforeAll(async () => {
    [nats, db] = await Promise.all([startNatsServer(), createTestDatabase()]);
    const endpoint = await receiver.start();
    const env = { DATABASE_URL: db.url, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '50', HTTP_PORT: '0', GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0' };
    // One process runs every backend, each still connecting with its own bus credentials.
    const backendsEnv = { ...env, NATS_URL: nats.url, TEST_BUS_ENV: JSON.stringify(Object.fromEntries(BACKEND_SERVICES.map((n) => [n, nats.envFor(n)]))) };
    processes.push(
      ...(await Promise.all([
        spawnService('gateway', { ...env, ...nats.envFor('gateway') }, 60_000),
        spawnService(BACKENDS, backendsEnv, 60_000, 'test/telemetry/backends.main.ts'),
      ])),
    );
    const gatewayUrl = processes[0]!.url;

    // One request through the gateway fans out to every backend service's health subject…
    const res = await fetch(`${gatewayUrl}/v1/health`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    // …and one grant approval through the gateway makes identity publish an event roster consumes.
    // The accounts and the request for the grant are set up over NATS, outside the trace.
    nc = await nats.connect();
    const client = new RequestClient(nc, 10_000, new PrincipalSigner(nats.credentials!.signingKeys.gateway));
    const principalOf = (s: { accessToken: string }) => principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(s.accessToken)));
    const agency = await client.request(c.signup, { email: 'owner@agency.example', password: 'long-enough-password', name: 'Owner', kind: 'manager', organization: { name: 'Agency' }, clientIp: null });
    const creator = await client.request(c.signup, { email: 'creator@example.com', password: 'long-enough-password', name: 'Creator', kind: 'creator', handle: 'probe_creator', clientIp: null });
    const grant = await client.request(c.grantsRequest, { creatorHandle: 'probe_creator', scopes: ['metrics:read'] }, { principal: principalOf(agency) });
    const approve = await fetch(`${gatewayUrl}/v1/delegations/${grant.id}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creator.accessToken}`, 'content-type': 'application/json', traceparent: `00-${APPROVE_TRACE_ID}-b7ad6b7169203331-01` },
      body: '{}',
    });
    expect(approve.status).toBe(200);

    spans = await receiver.waitFor((all) => EDGES.every((e) => holds(all, e)), 30_000).catch(() => receiver.spans);
  });

  afterAll(async () => {
    await nc?.close();
    await Promise.all(processes.map((p) => p.stop()));
    await receiver.stop();
    await Promise.all([nats?.stop(), db?.drop()]);
  });

  // The spans below then prove HTTP and pg are instrumented without the off-thread loader.
  it('intercepts imports on the main thread where this Node supports it', () => {
    const hooks = ['gateway', BACKENDS].map((name, i) => processes[i]!.logs.find((l) => l.msg === `${name} started`)?.telemetryHooks);
    const expected = supportsSyncHooks() ? 'in-thread' : 'loader-thread';
    expect(hooks).toEqual([expected, expected]);
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
    expect(new Set(servicesReachingSql)).toEqual(new Set(BACKEND_SERVICES));
  });

  it('keeps the grant approval in the client\'s trace from the gateway, through the outbox and JetStream, to roster\'s SQL', () => {
    const inTrace = spans.filter((s) => s.traceId === APPROVE_TRACE_ID);
    const route = inTrace.find(matches(APPROVE_ROUTE));
    const consumer = inTrace.find(matches(ROSTER_PROCESS));
    expect(route).toBeDefined();
    expect(consumer).toBeDefined();
    // One chain of parents, not a link: a trace view shows the consumer under the request.
    expect(isAncestor(inTrace, route!, consumer!)).toBe(true);
    expect(inTrace.some((s) => isSql(s) && isAncestor(inTrace, consumer!, s))).toBe(true);
  });
});

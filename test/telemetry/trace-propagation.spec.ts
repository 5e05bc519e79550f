import { jest } from '@jest/globals';
import { createTestDatabase, isAncestor, OtlpReceiver, spawnService, startNatsServer, type NatsServerHandle, type ServiceProcess, type TestDatabase } from '#libs/testing';

/**
 * The gateway and a backend service run as real processes with the real OTLP exporter;
 * the spans they export must form one trace: HTTP server span (gateway) → NATS request →
 * handler span (roster) → SQL span (roster).
 */
describe('one trace across HTTP, NATS and SQL', () => {
  jest.setTimeout(60_000);
  let nats: NatsServerHandle;
  let db: TestDatabase;
  const receiver = new OtlpReceiver();
  const processes: ServiceProcess[] = [];
  let gatewayUrl: string;

  beforeAll(async () => {
    [nats, db] = await Promise.all([startNatsServer(), createTestDatabase()]);
    const endpoint = await receiver.start();
    const env = {
      NATS_URL: nats.url,
      DATABASE_URL: db.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      HTTP_PORT: '0',
      GATEWAY_PORT: '0',
      GATEWAY_OPS_PORT: '0',
    };
    const [gateway, roster] = await Promise.all([spawnService('gateway', env), spawnService('roster', env)]);
    processes.push(gateway, roster);
    gatewayUrl = gateway.url;
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await receiver.stop();
    await Promise.all([nats?.stop(), db?.drop()]);
  });

  it('links the gateway HTTP span to the roster handler and its SQL', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${gatewayUrl}/v1/health`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    const spans = await receiver.waitFor((all) => {
      const inTrace = all.filter((s) => s.traceId === traceId);
      return (
        inTrace.some((s) => s.service === 'roster' && (s.attributes['db.system'] ?? s.attributes['db.system.name']) !== undefined) &&
        inTrace.some((s) => s.service === 'gateway' && s.kind === 2)
      );
    });
    const inTrace = spans.filter((s) => s.traceId === traceId);
    const httpServer = inTrace.find((s) => s.service === 'gateway' && s.kind === 2 /* SERVER */)!;
    const request = inTrace.find((s) => s.service === 'gateway' && s.name === 'roster.health.check.v1 request')!;
    const handler = inTrace.find((s) => s.service === 'roster' && s.name === 'roster.health.check.v1 process')!;
    const sql = inTrace.find((s) => s.service === 'roster' && (s.attributes['db.system'] ?? s.attributes['db.system.name']) === 'postgresql')!;

    expect(httpServer).toBeDefined();
    expect(request).toBeDefined();
    expect(handler).toBeDefined();
    expect(sql).toBeDefined();
    expect(isAncestor(inTrace, httpServer, request)).toBe(true);
    expect(handler.parentSpanId).toBe(request.spanId);
    expect(isAncestor(inTrace, httpServer, handler)).toBe(true);
    expect(isAncestor(inTrace, handler, sql)).toBe(true);
  });
});

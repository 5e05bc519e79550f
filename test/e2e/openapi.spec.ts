import { gatewayApp } from '../../services/gateway/src/gateway.app.js';
import { registeredRoutes } from '../../services/gateway/src/http/http-pipeline.js';
import { startService, type RunningService } from '#libs/service-defaults';
import { startNatsServer, type NatsServerHandle } from '#libs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Operational and documentation routes that are not part of the public API document. */
const UNDOCUMENTED = /^\/(docs|health\/|metrics$)/;

/** `/v1/x/:id` (Fastify) ↔ `/v1/x/{id}` (OpenAPI). */
const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document', () => {
  let nats: NatsServerHandle;
  let gateway: RunningService;

  beforeAll(async () => {
    nats = await startNatsServer();
    gateway = await startService({ ...gatewayApp, env: { ...nats.envFor('gateway'), GATEWAY_PORT: '0', LOG_LEVEL: 'silent' } });
  });
  afterAll(async () => {
    await gateway?.close();
    await nats?.stop();
  });

  it('is served at /docs-json and documents exactly the API routes the gateway serves', async () => {
    const res = await fetch(`${gateway.url}/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);

    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const fastify = (gateway.app as NestFastifyApplication).getHttpAdapter().getInstance();
    const served = registeredRoutes(fastify)
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !UNDOCUMENTED.test(r.url) && r.url !== '*')
      .map((r) => `${r.method} ${toOpenApiPath(r.url)}`)
      .sort();
    expect(served).toContain('GET /v1/health');
    expect(documented).toEqual([...new Set(served)]);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await fetch(`${gateway.url}/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });
});

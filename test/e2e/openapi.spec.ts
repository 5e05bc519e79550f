import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gatewayApp } from '../../services/gateway/src/gateway.app.js';
import { OPENAPI_FILE } from '../../services/gateway/src/openapi.js';
import { registeredRoutes } from '../../services/gateway/src/http/http-pipeline.js';
import { startService, type RunningService } from '#libs/service-defaults';
import { startNatsServer, type NatsServerHandle } from '#libs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Operational and documentation routes that are not part of the public API document. */
// The portal's page (`/`, `/*`) and files (`/assets/*`) are not API routes.
const UNDOCUMENTED = /^\/(docs|health\/|metrics$|assets\/|\*?$)/;

/** `/v1/x/:id` (Fastify) ↔ `/v1/x/{id}` (OpenAPI). */
const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document', () => {
  let nats: NatsServerHandle;
  let gateway: RunningService;

  beforeAll(async () => {
    nats = await startNatsServer();
    gateway = await startService({ ...gatewayApp, env: { ...nats.envFor('gateway'), GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0', LOG_LEVEL: 'silent' } });
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

  it('is committed as services/gateway/openapi.json, as served (run `npm run openapi` after changing a route)', async () => {
    const served = (await (await fetch(`${gateway.url}/docs-json`)).json()) as Record<string, unknown>;
    expect(JSON.parse(await readFile(OPENAPI_FILE, 'utf8'))).toEqual(served);
    expect(served.openapi).toBe('3.1.0');
  });

  it('passes Redocly\'s recommended rules without an error: every operation has a summary, an operationId and a security requirement', async () => {
    const redocly = fileURLToPath(new URL('../../node_modules/.bin/redocly', import.meta.url));
    const { stdout } = await promisify(execFile)(redocly, ['lint', fileURLToPath(OPENAPI_FILE), '--format=json'], { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
    );
    const report = JSON.parse(stdout) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string }[] };
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await fetch(`${gateway.url}/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });
});

import { Body, Controller, Module, Post } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppError } from '#libs/contracts';
import { startService, type RunningService } from '#libs/service-defaults';
import { startNatsServer, type NatsServerHandle } from '#libs/testing';
import { configureHttpPipeline } from './http-pipeline.js';
import { ProblemFilter } from './problem.filter.js';
import { INGEST_BODY_LIMIT } from './body-limits.js';

@Controller('v1')
class EchoController {
  @Post('things')
  things(@Body() body: unknown) {
    return { received: JSON.stringify(body).length };
  }

  @Post('ingest/things')
  ingest(@Body() body: unknown) {
    return { received: JSON.stringify(body).length };
  }

  @Post('conflict')
  conflict() {
    throw new AppError('conflict', 'Version conflict', 'expected version 3');
  }

  @Post('crash')
  crash() {
    throw new Error('secret internal detail');
  }

  @Post('down')
  down() {
    throw new AppError('timeout', 'Service timed out', 'roster did not answer in time');
  }
}

@Module({ controllers: [EchoController], providers: [{ provide: APP_FILTER, useClass: ProblemFilter }] })
class EchoModule {}

describe('gateway HTTP pipeline', () => {
  let nats: NatsServerHandle;
  let gateway: RunningService;

  beforeAll(async () => {
    nats = await startNatsServer();
    gateway = await startService({
      name: 'gateway',
      module: EchoModule,
      rpc: false,
      http: { portEnv: 'GATEWAY_PORT', defaultPort: 0, bodyLimitBytes: INGEST_BODY_LIMIT },
      configureFastify: configureHttpPipeline,
      env: { ...nats.envFor('gateway'), GATEWAY_PORT: '0', LOG_LEVEL: 'silent' },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await nats?.stop();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  async function expectProblem(res: Response, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
    expect(problem.traceId).toMatch(/^[0-9a-f]{32}$/);
    return problem;
  }

  it('limits ordinary bodies to 64 KiB with a 413 problem', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(70 * 1024) });
    await expectProblem(await post('/v1/things', big), 413);
    expect((await post('/v1/things', JSON.stringify({ text: 'x' }))).status).toBe(201);
  });

  it('lets ingestion batches be larger', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(70 * 1024) });
    expect((await post('/v1/ingest/things', big)).status).toBe(201);
    await expectProblem(await post('/v1/ingest/things', JSON.stringify({ text: 'x'.repeat(INGEST_BODY_LIMIT) })), 413);
  });

  it('answers malformed JSON with 400', async () => {
    await expectProblem(await post('/v1/things', '{"name": '), 400);
  });

  it('answers a wrong content type with 415', async () => {
    await expectProblem(await post('/v1/things', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  it('renders typed errors with their status and detail', async () => {
    const problem = await expectProblem(await post('/v1/conflict', '{}'), 409);
    expect(problem.detail).toBe('expected version 3');
  });

  it('renders a downstream timeout as 503 with Retry-After', async () => {
    const res = await post('/v1/down', '{}');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectProblem(res, 503);
  });

  it('hides internal errors behind a bare 500', async () => {
    const res = await post('/v1/crash', '{}');
    const problem = await expectProblem(res, 500);
    expect(JSON.stringify(problem)).not.toContain('secret');
  });

  it('names every response with x-request-id and traceparent, echoing a valid incoming request id', async () => {
    const res = await fetch(`${gateway.url}/v1/unknown`, { headers: { 'x-request-id': 'client-42' } });
    await expectProblem(res, 404);
    expect(res.headers.get('x-request-id')).toBe('client-42');
    const generated = await fetch(`${gateway.url}/v1/unknown`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  });
});

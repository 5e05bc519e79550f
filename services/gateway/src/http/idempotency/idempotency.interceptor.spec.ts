import { Body, Controller, Module, Post } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { startService, type RunningService } from '#libs/service-defaults';
import { startNatsServer, type NatsServerHandle } from '#libs/testing';
import { fingerprint, recordKey, recordSecret } from './request-fingerprint.js';
import { configureHttpPipeline } from '../http-pipeline.js';
import { ProblemFilter } from '../problem.filter.js';
import { IDEMPOTENCY_BUCKET, IdempotencyStore, type IdempotencyRecord } from './idempotency-store.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

let effects = 0;
let release: (() => void) | undefined;

@Controller('v1/things')
class ThingsController {
  @Post()
  async create(@Body() body: { name: string; slow?: boolean }) {
    effects += 1;
    if (body.slow) await new Promise<void>((r) => (release = r));
    return { id: `thing-${effects}`, name: body.name };
  }
}

@Module({
  controllers: [ThingsController],
  providers: [
    IdempotencyStore,
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
class ThingsModule {}

describe('Idempotency-Key (gateway, real NATS key-value)', () => {
  let nats: NatsServerHandle;
  const gateways: RunningService[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    for (let i = 0; i < 2; i++) {
      gateways.push(
        await startService({
          name: 'gateway',
          module: ThingsModule,
          rpc: false,
          http: { portEnv: 'GATEWAY_PORT', defaultPort: 0 },
          configureFastify: configureHttpPipeline,
          env: { NATS_URL: nats.url, GATEWAY_PORT: '0', LOG_LEVEL: 'silent' },
        }),
      );
    }
  }, 30_000);
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await nats?.stop();
  });
  beforeEach(() => (effects = 0));

  const post = (gateway: number, body: unknown, key?: string) =>
    fetch(`${gateways[gateway].url}/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });

  it('replays the first result on retry, through any gateway replica, with one effect', async () => {
    const first = await post(0, { name: 'a' }, 'key-1');
    const retry = await post(1, { name: 'a' }, 'key-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(await first.json());
    expect(effects).toBe(1);
  });

  it('refuses the same key with a different body (422) and changes nothing', async () => {
    await post(0, { name: 'b' }, 'key-2');
    const reused = await post(0, { name: 'other' }, 'key-2');
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(effects).toBe(1);
  });

  it('answers 409 to a retry while the first attempt is still running', async () => {
    const slow = post(0, { name: 'c', slow: true }, 'key-3');
    await new Promise((r) => setTimeout(r, 100));
    const concurrent = await post(1, { name: 'c', slow: true }, 'key-3');
    expect(concurrent.status).toBe(409);
    release?.();
    expect((await slow).status).toBe(201);
    expect(effects).toBe(1);
  });

  it('lets a retry run once the lease of an attempt that died mid-request has passed', async () => {
    // What a gateway killed mid-request leaves behind: a pending claim it never completes.
    const scope = 'anonymous:127.0.0.1';
    const body = { name: 'orphan' };
    const stale: IdempotencyRecord = {
      state: 'pending',
      requestHash: fingerprint(recordSecret(scope, 'key-dead'), 'POST', '/v1/things', body),
      leaseUntil: new Date(Date.now() - 1_000).toISOString(),
    };
    const nc = await connect({ servers: nats.url });
    try {
      const kv = await new Kvm(nc).open(IDEMPOTENCY_BUCKET);
      await kv.put(recordKey(scope, 'key-dead'), JSON.stringify(stale));
      // A claim still under its lease is a request in progress.
      await kv.put(recordKey(scope, 'key-alive'), JSON.stringify({ ...stale, requestHash: fingerprint(recordSecret(scope, 'key-alive'), 'POST', '/v1/things', body), leaseUntil: new Date(Date.now() + 60_000).toISOString() }));
    } finally {
      await nc.close();
    }

    expect((await post(1, body, 'key-alive')).status).toBe(409);
    const retry = await post(1, body, 'key-dead');
    expect(retry.status).toBe(201);
    expect(effects).toBe(1);
    const again = await post(0, body, 'key-dead');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await retry.json());
    expect(effects).toBe(1);
  });

  it('rejects a malformed key with 400 problem details', async () => {
    const res = await post(0, { name: 'd' }, 'bad key with spaces');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0].path).toBe('Idempotency-Key');
    expect(effects).toBe(0);
  });

  it('runs every request without a key', async () => {
    await post(0, { name: 'e' });
    await post(0, { name: 'e' });
    expect(effects).toBe(2);
  });
});

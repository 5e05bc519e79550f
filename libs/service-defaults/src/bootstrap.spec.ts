import { Controller, Module } from '@nestjs/common';
import { z } from 'zod';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AppError, defineRequest } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { spawnService, startNatsServer, type NatsServerHandle } from '#libs/testing';
import { startService, type RunningService } from './bootstrap.js';
import { RpcHandler, RpcPayload } from './rpc/rpc-handler.decorator.js';

const slowContract = defineRequest({
  subject: 'roster.slow.run.v1',
  description: 'test-only: answers after a delay',
  request: z.object({ ms: z.number().int().min(0).max(5_000) }),
  response: z.object({ sleptMs: z.number() }),
});

@Controller()
class SlowController {
  @RpcHandler(slowContract)
  async run(@RpcPayload() { ms }: { ms: number }) {
    if (ms === 13) throw new AppError('conflict', 'Unlucky', 'thirteen is refused');
    await new Promise((r) => setTimeout(r, ms));
    return { sleptMs: ms };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

describe('startService lifecycle (real NATS)', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let client: RequestClient;
  let service: RunningService;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    client = new RequestClient(nc, 3_000);
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  beforeEach(async () => {
    service = await startService({
      name: 'roster',
      module: SlowModule,
      http: { portEnv: 'HTTP_PORT', defaultPort: 0 },
      env: { NATS_URL: nats.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '4000' },
    });
  });
  afterEach(async () => service.close());

  it('turns a typed domain error into a typed reply the caller can rethrow', async () => {
    await expect(client.request(slowContract, { ms: 13 })).rejects.toMatchObject({ code: 'conflict', detail: 'thirteen is refused' });
  });

  it('finishes in-flight requests on shutdown, then stops answering', async () => {
    const inFlight = client.request(slowContract, { ms: 400 });
    await new Promise((r) => setTimeout(r, 50));
    const closing = service.close();
    const ready = await fetch(`${service.url}/health/ready`).catch(() => undefined);
    if (ready) expect(ready.status).toBe(503);
    await expect(inFlight).resolves.toEqual({ sleptMs: 400 });
    await closing;
    await expect(client.request(slowContract, { ms: 0 }, { timeoutMs: 500 })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('answers every request it already received when shutdown begins: each caller gets a reply or an immediate no-responders, none a timeout', async () => {
    const burst = Array.from({ length: 300 }, () =>
      client.request(slowContract, { ms: 20 }, { timeoutMs: 2_500 }).then(
        () => 'answered',
        (err: AppError) => err.code,
      ),
    );
    await new Promise((r) => setImmediate(r));
    await service.close();
    const outcomes = await Promise.all(burst);
    expect(outcomes.filter((o) => o !== 'answered' && o !== 'unavailable')).toEqual([]);
    expect(outcomes).toContain('answered');
  });
});

describe('service process', () => {
  it('refuses to start on bad configuration, naming the variable', async () => {
    await expect(spawnService('roster', { HTTP_PORT: 'eighty', NATS_URL: 'nats://127.0.0.1:1' })).rejects.toThrow(
      /exited with 1[\s\S]*HTTP_PORT: [^\n]*eighty/,
    );
  }, 30_000);
});

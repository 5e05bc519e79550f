import { Controller, Module } from '@nestjs/common';
import { z } from 'zod';
import type { NatsConnection } from '@nats-io/transport-node';
import { AppError, defineRequest } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { spawnService, startNatsServer, type NatsServerHandle } from '#libs/testing';
import { startService, type RunningService } from './bootstrap.js';
import { RpcAuthorizer, RpcHandler, RpcPayload } from './rpc/rpc-handler.decorator.js';

const slowContract = defineRequest({
  subject: 'roster.slow.run.v1',
  description: 'test-only: answers after a delay',
  request: z.object({ ms: z.number().int().min(0).max(5_000) }),
  response: z.object({ sleptMs: z.number() }),
});

const guardedContract = defineRequest({
  subject: 'roster.guarded.run.v1',
  description: 'test-only: a handler with its own authorization',
  request: z.object({ room: z.enum(['open', 'locked']), note: z.string().max(5) }).strict(),
  response: z.object({ ran: z.boolean() }),
});

/** How often each handler ran (a probe must run none). */
const ran = { guarded: 0 };

@Controller()
class SlowController {
  @RpcHandler(slowContract)
  async run(@RpcPayload() { ms }: { ms: number }) {
    if (ms === 13) throw new AppError('conflict', 'Unlucky', 'thirteen is refused');
    if (ms === 22) throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    await new Promise((r) => setTimeout(r, ms));
    return { sleptMs: ms };
  }
}

@Controller()
class GuardedController {
  @RpcHandler(guardedContract)
  run() {
    ran.guarded += 1;
    return { ran: true };
  }

  @RpcAuthorizer(guardedContract)
  authorize(req: { room: string }) {
    if (req.room === 'locked') throw new AppError('forbidden', 'Forbidden');
  }
}

@Module({ controllers: [SlowController, GuardedController] })
class SlowModule {}

describe('startService lifecycle (real NATS)', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let client: RequestClient;
  let service: RunningService;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await nats.connect();
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
      // A test-only subject is in no contract, so this service runs with the test administrator's credentials.
      env: { ...nats.envFor('admin'), HTTP_PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '4000' },
    });
  }, 15_000);
  afterEach(async () => service.close());

  it('turns a typed domain error into a typed reply the caller can rethrow', async () => {
    await expect(client.request(slowContract, { ms: 13 })).rejects.toMatchObject({ code: 'conflict', detail: 'thirteen is refused' });
  });

  it("answers PostgreSQL's refusal of the caller's text with a 400, not a 500", async () => {
    await expect(client.request(slowContract, { ms: 22 })).rejects.toMatchObject({ code: 'validation', status: 400 });
  });

  it('answers an authorize-only request from the named fields, running no handler', async () => {
    await expect(client.authorize(guardedContract, { room: 'locked' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(client.authorize(guardedContract, { room: 'open' })).resolves.toBeUndefined();
    await expect(client.authorize(slowContract, {})).resolves.toBeUndefined(); // no authorizer: nothing more to check
    expect(ran.guarded).toBe(0);
    await expect(client.authorize(guardedContract, { room: 'attic' })).rejects.toMatchObject({ code: 'validation' });
    await expect(client.request(guardedContract, { room: 'open', note: 'hi' })).resolves.toEqual({ ran: true });
    expect(ran.guarded).toBe(1);
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

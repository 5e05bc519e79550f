import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { healthContracts } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { startNatsServer, type NatsServerHandle } from '#libs/testing';
import { BreakerOpenError, Downstream } from './downstream.js';

const roster = healthContracts.roster;
const encoder = new TextEncoder();

/** Answers like a Nest service would, with a typed error of the given code. */
async function respondWithError(nc: NatsConnection, code: string, counter: { calls: number }): Promise<Subscription> {
  const sub = nc.subscribe(roster.subject, {
    callback: (_err, msg) => {
      counter.calls += 1;
      const { id } = JSON.parse(new TextDecoder().decode(msg.data));
      msg.respond(encoder.encode(JSON.stringify({ id, isDisposed: true, response: { error: { code, title: code } } })));
    },
  });
  await nc.flush(); // the server knows the subscription before the first request
  return sub;
}

describe('Downstream breakers (real NATS)', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('opens after repeated failures and then sheds calls without touching the service', async () => {
    const downstream = new Downstream(new RequestClient(nc, 500));
    const counter = { calls: 0 };
    const sub = await respondWithError(nc, 'internal', counter);
    // volumeThreshold 5 at 50% errors: the fifth failure opens it.
    for (let i = 0; i < 5; i++) await expect(downstream.call(roster, {})).rejects.toMatchObject({ code: 'internal' });
    expect(downstream.breakerStates()[roster.subject]).toBe('open');

    const before = counter.calls;
    const shed = downstream.call(roster, {});
    await expect(shed).rejects.toBeInstanceOf(BreakerOpenError);
    await expect(shed).rejects.toMatchObject({ code: 'unavailable', retryAfterSeconds: 5 });
    expect(counter.calls).toBe(before);
    sub.unsubscribe();
  });

  it('counts a missing service as a failure', async () => {
    const downstream = new Downstream(new RequestClient(nc, 500));
    for (let i = 0; i < 5; i++) await expect(downstream.call(roster, {})).rejects.toMatchObject({ code: 'unavailable' });
    expect(downstream.breakerStates()[roster.subject]).toBe('open');
  });

  it('turns bus failures into problems that name the service, never a subject or raw NATS text', async () => {
    const { toProblem } = await import('../http/problem.js');
    const client = new RequestClient(nc, 300);
    const garbage = nc.subscribe(roster.subject, { callback: (_err, msg) => void msg.respond(encoder.encode('{"not":"a frame"')) });
    await nc.flush();
    const failures: unknown[] = [];
    failures.push(await client.request(roster, {}).catch((e: unknown) => e));
    garbage.unsubscribe();
    const crashing = nc.subscribe(roster.subject, { callback: (_err, msg) => void msg.respond(encoder.encode(JSON.stringify({ id: '1', err: { message: 'TypeError at roster.health.check.v1 handler' } }))) });
    await nc.flush();
    failures.push(await client.request(roster, {}).catch((e: unknown) => e));
    crashing.unsubscribe();
    const closed = await connect({ servers: nats.url });
    await closed.close();
    failures.push(await new RequestClient(closed, 300).request(roster, {}).catch((e: unknown) => e));
    for (const failure of failures) {
      const text = JSON.stringify(toProblem(failure, 'trace', '/v1/x'));
      expect(text).not.toContain(roster.subject);
      expect(text).not.toMatch(/TypeError|CONNECTION_CLOSED|closed|nats/i);
      expect(text).toContain('roster');
      // The raw cause is still there for the gateway's log.
      expect(String((failure as Error).cause)).toBeTruthy();
    }
  });

  it('does not open on business errors such as 404 or 409', async () => {
    const downstream = new Downstream(new RequestClient(nc, 500));
    const counter = { calls: 0 };
    const sub = await respondWithError(nc, 'not_found', counter);
    for (let i = 0; i < 12; i++) await expect(downstream.call(roster, {})).rejects.toMatchObject({ code: 'not_found' });
    expect(downstream.breakerStates()[roster.subject]).toBe('closed');
    expect(counter.calls).toBe(12);
    sub.unsubscribe();
  });
});

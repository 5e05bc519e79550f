import { BACKEND_SERVICES, type BackendService } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayResponse, type SystemHealth } from './support/http.js';
import { useStack } from './support/stack.js';

const BACKENDS: readonly string[] = BACKEND_SERVICES;

/** What an operator checks first: one call that says whether every service answers. */
describe('GET /v1/health', () => {
  const stack = useStack({ gateways: 2 });
  const health = (gateway = 0) => gatewayClient(stack().gatewayUrl(gateway)).get<SystemHealth>('/v1/health');

  function byName(body: SystemHealth) {
    return Object.fromEntries(body.services.map((s) => [s.name, s]));
  }

  it('answers 200 listing every backend service up, each with its latency', async () => {
    const res = await health();

    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json');
    expect(res.body.status).toBe('up');
    expect(res.body.services.map((s) => s.name).sort()).toEqual([...BACKENDS].sort());
    for (const service of res.body.services) {
      expect(Object.keys(service).sort()).toEqual(['latencyMs', 'name', 'status']);
      expect(service).toMatchObject({ status: 'up', latencyMs: expect.any(Number) });
      expect(service.latencyMs).toBeGreaterThanOrEqual(0);
      expect(service.latencyMs).toBeLessThan(1_000);
    }
  });

  it('gives the same answer from every gateway instance', async () => {
    const answers = await Promise.all([health(0), health(1)]);
    expect(stack().gatewayUrl(0)).not.toBe(stack().gatewayUrl(1));
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body.services.filter((s) => s.status === 'up')).toHaveLength(BACKENDS.length);
    }
  });

  /** The public answer is shared for a second: poll until it reflects a change. */
  async function settled(gateway: number, status: number): Promise<GatewayResponse<SystemHealth>> {
    let last!: GatewayResponse<SystemHealth>;
    await eventually(async () => (last = await health(gateway)).status === status, 5_000, 100);
    return last;
  }

  it('reports a stopped service down with 503 within a second or so, naming no internal detail, and up again once it is back', async () => {
    await stack().stopService('roster');
    try {
      for (const gateway of [0, 1]) {
        const down = await settled(gateway, 503);
        expect(down.body.status).toBe('down');
        expect(down.headers.get('retry-after')).toBe('5');
        const services = byName(down.body);
        expect(services.roster).toEqual({ name: 'roster', status: 'down', latencyMs: expect.any(Number) });
        for (const other of BACKENDS.filter((n) => n !== 'roster')) expect(services[other].status).toBe('up');
        // No error text, subject, address or dependency name reaches the public.
        expect(JSON.stringify(down.body)).not.toMatch(/error|timeout|respond|nats|roster\.health|database|ECONN/i);
      }
    } finally {
      if (!stack().isRunning('roster')) await stack().startService('roster');
    }

    const up = await settled(0, 200);
    expect(byName(up.body).roster.status).toBe('up');
  });

  it('tells apart which service is down when more than one is', async () => {
    const stopped: BackendService[] = ['campaigns', 'metrics'];
    await Promise.all(stopped.map((name) => stack().stopService(name)));
    try {
      const downNames = async () => (await health(1)).body.services.filter((s) => s.status === 'down').map((s) => s.name).sort();
      // The answer is shared for a second: wait for one computed after both stopped.
      await eventually(async () => (await downNames()).length === stopped.length, 5_000, 100);
      expect(await downNames()).toEqual(stopped);
    } finally {
      await Promise.all(stopped.filter((name) => !stack().isRunning(name)).map((name) => stack().startService(name)));
    }
    await settled(1, 200);
  });
});

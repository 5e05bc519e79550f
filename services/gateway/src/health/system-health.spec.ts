import { SharedAnswer, summarize } from './system-health.js';

describe('summarize', () => {
  it('is up only when every service is up', () => {
    expect(summarize([{ name: 'roster', status: 'up', latencyMs: 1 }]).status).toBe('up');
    expect(
      summarize([
        { name: 'roster', status: 'up', latencyMs: 1 },
        { name: 'metrics', status: 'down', latencyMs: 1000 },
      ]).status,
    ).toBe('down');
  });

  it('says nothing beyond name, status and latency, whatever a probe returned', () => {
    const detailed = { name: 'roster' as const, status: 'down' as const, latencyMs: 3, error: 'connect ECONNREFUSED 10.0.0.7:5432', checks: { database: 'down' } };
    expect(summarize([detailed]).services).toEqual([{ name: 'roster', status: 'down', latencyMs: 3 }]);
  });
});

describe('SharedAnswer', () => {
  it('computes once for everyone asking within the period, then again', async () => {
    const clock = { now: 0 };
    const shared = new SharedAnswer<number>(1_000, () => clock.now);
    let computed = 0;
    const compute = async () => ++computed;
    expect(await Promise.all([shared.get(compute), shared.get(compute)])).toEqual([1, 1]);
    clock.now = 999;
    expect(await shared.get(compute)).toBe(1);
    clock.now = 1_000;
    expect(await shared.get(compute)).toBe(2);
  });

  it('does not keep a failure', async () => {
    const shared = new SharedAnswer<number>(1_000, () => 0);
    await expect(shared.get(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(shared.get(async () => 7)).resolves.toBe(7);
  });
});

import { composeSections, degradedOf, sharedCall } from './sections.js';

describe('section composition', () => {
  it('runs sections at once and keeps each answer under its name', async () => {
    const order: string[] = [];
    const slow = () => new Promise<string>((resolve) => setTimeout(() => (order.push('slow'), resolve('a')), 20));
    const fast = async () => (order.push('fast'), 'b');
    const out = await composeSections({ a: { allowed: true, fetch: slow }, b: { allowed: true, fetch: fast } });
    expect(out.a.value).toBe('a');
    expect(out.b.value).toBe('b');
    expect(order).toEqual(['fast', 'slow']);
    expect(degradedOf(out)).toEqual([]);
  });

  it('a failing section is null and degraded; a hidden one is null, not degraded, and never called', async () => {
    let called = false;
    const out = await composeSections({
      ok: { allowed: true, fetch: async () => 1 },
      down: { allowed: true, fetch: async () => Promise.reject(new Error('no responders')) },
      hidden: { allowed: false, fetch: async () => ((called = true), 2) },
    });
    expect([out.ok.value, out.down.value, out.hidden.value]).toEqual([1, null, null]);
    expect(degradedOf(out)).toEqual(['down']);
    expect(called).toBe(false);
  });

  it('sections sharing one call make it once; its failure degrades each of them, and a hidden one never asks', async () => {
    let calls = 0;
    const both = sharedCall(async () => ((calls += 1), { a: 1, b: 2 }));
    const out = await composeSections({
      a: { allowed: true, fetch: async () => (await both()).a },
      b: { allowed: true, fetch: async () => (await both()).b },
    });
    expect([out.a.value, out.b.value, calls]).toEqual([1, 2, 1]);

    let failed = 0;
    const down = sharedCall(async () => ((failed += 1), Promise.reject(new Error('no responders'))));
    const degraded = await composeSections({ a: { allowed: true, fetch: down }, b: { allowed: true, fetch: down }, c: { allowed: false, fetch: down } });
    expect(degradedOf(degraded)).toEqual(['a', 'b']);
    expect(failed).toBe(1);
  });
});

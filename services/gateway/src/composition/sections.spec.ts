import { composeSections, degradedOf } from './sections.js';

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
});

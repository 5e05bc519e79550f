import { ExpiringMap } from './expiring-map.js';

describe('ExpiringMap', () => {
  it('answers an entry until its instant, and keeps a stored null apart from a miss', () => {
    let at = 1_000;
    const map = new ExpiringMap<string | null>(10, () => at);
    map.set('a', 'x', 2_000);
    map.set('n', null, 2_000);
    expect(map.get('a')).toBe('x');
    expect(map.get('n')).toBeNull();
    expect(map.get('missing')).toBeUndefined();
    at = 2_000;
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(1);
  });

  it('keeps at most its capacity, dropping the oldest, and a key set again counts as new', () => {
    const map = new ExpiringMap<number>(2, () => 0);
    map.set('a', 1, 10);
    map.set('b', 2, 10);
    map.set('a', 3, 10);
    map.set('c', 4, 10);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([3, undefined, 4]);
    expect(map.size).toBe(2);
  });
});

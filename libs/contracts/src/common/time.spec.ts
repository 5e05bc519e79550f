import { compareInstants } from './time.js';

describe('compareInstants', () => {
  it('orders instants, whether both are canonical UTC text or either is written otherwise', () => {
    expect(compareInstants('2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.001Z')).toBeLessThan(0);
    expect(compareInstants('2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z')).toBe(0);
    expect(compareInstants('2026-12-01T12:00:00.000+02:00', '2026-12-01T10:00:00.000Z')).toBe(0);
    expect(compareInstants('2026-12-01T11:00:00.000+02:00', '2026-12-01T09:30:00.000Z')).toBeLessThan(0);
    expect(compareInstants('2026-12-01T10:00:01Z', '2026-12-01T10:00:00.999Z')).toBeGreaterThan(0);
  });
});

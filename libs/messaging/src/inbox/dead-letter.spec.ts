import { headerSafe } from './dead-letter.js';

describe('headerSafe', () => {
  it('flattens line breaks, which would end the header line', () => {
    expect(headerSafe('boom\r\n  at x\nat y')).toBe('boom   at x at y');
  });

  it('bounds the length', () => {
    const out = headerSafe('x'.repeat(5000), 100);
    expect(out).toHaveLength(100);
    expect(out.endsWith('...')).toBe(true);
  });
});

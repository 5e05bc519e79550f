import { canonicalJson, fingerprint, open, recordKey, recordSecret, seal } from './request-fingerprint.js';

describe('request fingerprint', () => {
  const secret = recordSecret('user-1', 'k');

  it('ignores key order but not values', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    expect(fingerprint(secret, 'POST', '/v1/x', { a: 1, b: 2 })).toBe(fingerprint(secret, 'POST', '/v1/x', { b: 2, a: 1 }));
    expect(fingerprint(secret, 'POST', '/v1/x', { a: 1 })).not.toBe(fingerprint(secret, 'POST', '/v1/x', { a: 2 }));
    expect(fingerprint(secret, 'POST', '/v1/x', { a: 1 })).not.toBe(fingerprint(secret, 'POST', '/v1/y', { a: 1 }));
  });

  it('cannot be recomputed without the Idempotency-Key (no offline guessing of a body)', () => {
    const body = { email: 'a@example.com', password: 'correct horse' };
    expect(fingerprint(secret, 'POST', '/v1/auth/login', body)).not.toBe(fingerprint(recordSecret('user-1', 'other'), 'POST', '/v1/auth/login', body));
  });

  it("keeps one caller's keys apart from another's", () => {
    expect(recordKey('user-1', 'k')).not.toBe(recordKey('user-2', 'k'));
    expect(recordKey('user-1', 'k')).toBe(recordKey('user-1', 'k'));
    expect(recordKey('anonymous:10.0.0.1', 'k')).not.toBe(recordKey('anonymous:10.0.0.2', 'k'));
    expect(recordSecret('user-1', 'k').equals(recordSecret('user-2', 'k'))).toBe(false);
  });

  it('seals a result that only the same key opens', () => {
    const sealed = seal(secret, { accessToken: 'eyJhbGciOi.x.y' });
    expect(sealed).not.toContain('eyJ');
    expect(open(secret, sealed)).toEqual({ accessToken: 'eyJhbGciOi.x.y' });
    expect(() => open(recordSecret('user-1', 'guess'), sealed)).toThrow();
  });
});

import { canonicalJson, fingerprint, recordKey } from './request-fingerprint.js';

describe('request fingerprint', () => {
  it('ignores key order but not values', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    expect(fingerprint('POST', '/v1/x', { a: 1, b: 2 })).toBe(fingerprint('POST', '/v1/x', { b: 2, a: 1 }));
    expect(fingerprint('POST', '/v1/x', { a: 1 })).not.toBe(fingerprint('POST', '/v1/x', { a: 2 }));
    expect(fingerprint('POST', '/v1/x', { a: 1 })).not.toBe(fingerprint('POST', '/v1/y', { a: 1 }));
  });

  it("keeps one caller's keys apart from another's", () => {
    expect(recordKey('user-1', 'k')).not.toBe(recordKey('user-2', 'k'));
    expect(recordKey('user-1', 'k')).toBe(recordKey('user-1', 'k'));
    expect(recordKey('anonymous:10.0.0.1', 'k')).not.toBe(recordKey('anonymous:10.0.0.2', 'k'));
  });
});

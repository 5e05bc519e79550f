import { AppError } from '#libs/contracts';
import { assertShareExpiry, newShareToken, shareLinkStatus, shareTokenHash } from './share-link.rules.js';

const now = new Date('2026-12-05T00:00:00.000Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('share-link rules', () => {
  it('makes 256-bit URL-safe tokens, never the same twice, stored as their SHA-256', () => {
    const a = newShareToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newShareToken()).not.toBe(a);
    expect(shareTokenHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(shareTokenHash(a)).not.toContain(a);
    expect(shareTokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('takes an expiry in the future within 90 days, and refuses the others with 422', () => {
    expect(() => assertShareExpiry(days(1), now)).not.toThrow();
    expect(() => assertShareExpiry(days(90), now)).not.toThrow();
    for (const bad of [now, days(-1), days(90.01)]) {
      const err = (() => {
        try {
          assertShareExpiry(bad, now);
        } catch (e) {
          return e as AppError;
        }
      })();
      expect(err?.status).toBe(422);
    }
  });

  it('reads a link as revoked before expired, expired from its expiry on', () => {
    expect(shareLinkStatus({ expiresAt: days(1), revokedAt: null }, now)).toBe('active');
    expect(shareLinkStatus({ expiresAt: now, revokedAt: null }, now)).toBe('expired');
    expect(shareLinkStatus({ expiresAt: days(-1), revokedAt: days(-2) }, now)).toBe('revoked');
  });
});

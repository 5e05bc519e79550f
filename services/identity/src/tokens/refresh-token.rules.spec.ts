import { decideRefresh, generateRefreshToken, hashRefreshToken, REFRESH_TOKEN_PATTERN } from './refresh-token.rules.js';

const now = new Date('2026-11-23T12:00:00Z');
const later = new Date(now.getTime() + 60_000);
const fresh = { expiresAt: later, usedAt: null, revokedAt: null };

describe('refresh token family rules', () => {
  it('rotates a live, unspent token', () => {
    expect(decideRefresh(fresh, now)).toEqual({ kind: 'rotate' });
  });

  it('treats a spent token presented again as reuse, which revokes the family', () => {
    expect(decideRefresh({ ...fresh, usedAt: now }, now)).toEqual({ kind: 'reuse-detected' });
    // Reuse wins over expiry: an old stolen token still burns the family.
    expect(decideRefresh({ ...fresh, usedAt: now, expiresAt: now }, later)).toEqual({ kind: 'reuse-detected' });
  });

  it('refuses unknown, revoked and expired tokens', () => {
    expect(decideRefresh(null, now)).toEqual({ kind: 'refuse', reason: 'unknown' });
    expect(decideRefresh({ ...fresh, revokedAt: now, usedAt: now }, now)).toEqual({ kind: 'refuse', reason: 'revoked' });
    expect(decideRefresh({ ...fresh, expiresAt: now }, now)).toEqual({ kind: 'refuse', reason: 'expired' });
  });

  it('refuses a live token whose session was ended (a logout or role change that got the session first)', () => {
    expect(decideRefresh(fresh, now, false)).toEqual({ kind: 'refuse', reason: 'revoked' });
  });

  it('makes unguessable tokens and stores only their hash', () => {
    const tokens = new Set(Array.from({ length: 100 }, generateRefreshToken));
    expect(tokens.size).toBe(100);
    for (const t of tokens) expect(t).toMatch(REFRESH_TOKEN_PATTERN);
    const [t] = tokens;
    expect(hashRefreshToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(t)).not.toContain(t);
    expect(hashRefreshToken(t)).toBe(hashRefreshToken(t));
  });
});

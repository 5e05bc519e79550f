import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens are opaque: 32 random bytes, base64url. Only a SHA-256 of the token is
 * stored (the token has 256 bits of entropy, so a fast hash is enough), and every use
 * rotates it. The rules of a token family:
 *
 *  - one family per login; each refresh spends the presented token and issues its successor;
 *  - presenting a spent token again means two parties hold the family (a stolen token, or a
 *    replay): the whole family is revoked, the legitimate holder included, who logs in again;
 *  - a revoked or expired token is refused; logout revokes the family.
 */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface RefreshTokenState {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshDecision =
  | { kind: 'rotate' }
  | { kind: 'reuse-detected' }
  | { kind: 'refuse'; reason: 'unknown' | 'revoked' | 'expired' };

/** `sessionLive`: the token's session, read under its lock, has not been ended. */
export function decideRefresh(token: RefreshTokenState | null, now: Date, sessionLive = true): RefreshDecision {
  if (!token) return { kind: 'refuse', reason: 'unknown' };
  if (token.revokedAt || !sessionLive) return { kind: 'refuse', reason: 'revoked' };
  if (token.usedAt) return { kind: 'reuse-detected' };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'refuse', reason: 'expired' };
  return { kind: 'rotate' };
}

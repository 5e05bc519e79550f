import { createHash, randomBytes } from 'node:crypto';
import { AppError, MAX_SHARE_LINK_DAYS, type ShareLink } from '#libs/contracts';

const DAY_MS = 86_400_000;

/** A new token: 256 random bits, URL-safe (43 characters). */
export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored and looked up: the token's SHA-256, so the table never holds a usable link. */
export function shareTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A link must end in the future and within MAX_SHARE_LINK_DAYS (422 naming the bound). */
export function assertShareExpiry(expiresAt: Date, now: Date): void {
  if (expiresAt.getTime() <= now.getTime()) {
    throw new AppError('unprocessable', 'Expiry in the past', `a share link must expire after now (${now.toISOString()})`, [{ path: 'expiresAt', message: 'Must be in the future' }]);
  }
  if (expiresAt.getTime() > now.getTime() + MAX_SHARE_LINK_DAYS * DAY_MS) {
    throw new AppError('unprocessable', 'Expiry too far away', `a share link lives at most ${MAX_SHARE_LINK_DAYS} days`, [
      { path: 'expiresAt', message: `At most ${MAX_SHARE_LINK_DAYS} days from now` },
    ]);
  }
}

export function shareLinkStatus(link: { expiresAt: Date; revokedAt: Date | null }, now: Date): ShareLink['status'] {
  if (link.revokedAt) return 'revoked';
  return link.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

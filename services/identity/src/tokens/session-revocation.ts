import type { EntityManager } from '@mikro-orm/postgresql';
import { sessionEvents, type SessionRevokedPayload } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { RefreshToken } from './token.entities.js';

/**
 * Ends sign-in sessions now, in the caller's transaction: their refresh tokens stop working
 * here, and `identity.evt.session.revoked.v1` (committed with the change) makes every gateway
 * refuse their access tokens too, instead of honouring them until they expire.
 * Without `familyId`, every live session of the user ends (a role or membership change: the
 * claims in those tokens are no longer true).
 */
export async function endSessions(
  em: EntityManager,
  input: { userId: string; reason: SessionRevokedPayload['reason']; now: Date; familyId?: string },
): Promise<string[]> {
  const { userId, reason, now } = input;
  const families = input.familyId
    ? [input.familyId]
    : [...new Set((await em.find(RefreshToken, { userId, revokedAt: null, expiresAt: { $gt: now } }, { fields: ['familyId'] })).map((t) => t.familyId))];
  if (families.length === 0) return [];
  await em.nativeUpdate(RefreshToken, { familyId: { $in: families }, revokedAt: null }, { revokedAt: now });
  enqueueEvent(em, sessionEvents.revoked, {
    aggregateId: userId,
    aggregateVersion: 0,
    payload: { userId, sessionIds: families, reason, at: now.toISOString() },
  });
  return families;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { sessionEvents, type SessionRevokedPayload } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { RefreshToken, Session } from './token.entities.js';

/**
 * Ends sign-in sessions now, in the caller's transaction: their refresh tokens stop working
 * here, and `identity.evt.session.revoked.v1` (committed with the change) makes every gateway
 * refuse their access tokens too, instead of honouring them until they expire.
 * Without `familyId`, every live session of the user ends (a role or membership change: the
 * claims in those tokens are no longer true).
 *
 * The session rows are locked first (FOR UPDATE, in id order), the same rows a refresh locks
 * before it issues a successor: a refresh running at the same moment either commits first
 * and its successor is revoked here, or waits and then finds the session ended.
 */
export async function endSessions(
  em: EntityManager,
  input: { userId: string; reason: SessionRevokedPayload['reason']; now: Date; familyId?: string },
): Promise<string[]> {
  const { userId, reason, now } = input;
  // Sessions with a usable refresh token; long-expired ones need no event.
  const candidates = input.familyId
    ? [input.familyId]
    : [...new Set((await em.find(RefreshToken, { userId, revokedAt: null, expiresAt: { $gt: now } }, { fields: ['familyId'] })).map((t) => t.familyId))];
  if (candidates.length === 0) return [];
  const sessions = await em.find(Session, { id: { $in: candidates }, userId, revokedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } });
  const families = sessions.map((s) => s.id);
  if (families.length === 0) return [];
  for (const s of sessions) s.revokedAt = now;
  await em.nativeUpdate(RefreshToken, { familyId: { $in: families }, revokedAt: null }, { revokedAt: now });
  enqueueEvent(em, sessionEvents.revoked, {
    aggregateId: userId,
    aggregateVersion: 0,
    payload: { userId, sessionIds: families, reason, at: now.toISOString() },
  });
  return families;
}

/** Locks a session for a refresh (see endSessions); null when it is unknown or already ended. */
export async function lockLiveSession(em: EntityManager, familyId: string): Promise<Session | null> {
  const session = await em.findOne(Session, { id: familyId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  return session && !session.revokedAt ? session : null;
}

import type { GrantEventPayload, Scope } from '#libs/contracts';

/** What roster keeps of one delegation grant (one row per grant; a pair can have several over time). */
export interface MembershipState {
  grantId: string;
  agencyId: string;
  creatorId: string;
  status: 'active' | 'ended';
  scopes: Scope[];
  since: Date;
  expiresAt: Date | null;
  endedAt: Date | null;
}

export type GrantEventKind = 'activated' | 'scopes-changed' | 'revoked' | 'expired';

/**
 * The roster row after one grant event. Events arrive at least once and possibly out of
 * order; the caller applies an event only when its grant version is newer than the last one
 * applied (so an old "activated" never revives a revoked grant), and this function then
 * settles the state from the event alone: the event carries the grant's whole state.
 */
export function nextMembership(current: MembershipState | null, kind: GrantEventKind, e: GrantEventPayload): MembershipState {
  const at = new Date(e.at);
  const base: MembershipState = current ?? {
    grantId: e.grantId,
    agencyId: e.agencyId,
    creatorId: e.creatorId,
    status: 'active',
    scopes: [],
    since: at,
    expiresAt: null,
    endedAt: null,
  };
  const ended = kind === 'revoked' || kind === 'expired';
  return {
    ...base,
    status: ended ? 'ended' : 'active',
    scopes: [...e.scopes],
    // `since` is when the grant became active; a later event that arrives first stands in for it.
    since: kind === 'activated' && (!current || at < current.since) ? at : base.since,
    expiresAt: e.expiresAt ? new Date(e.expiresAt) : null,
    endedAt: ended ? at : null,
  };
}

/**
 * The assignees a pair's new grant starts with: those of the pair's previous grant, whatever
 * ended it. Assignment is the agency's arrangement with the creator, not part of one grant, so a
 * creator who revokes and grants the same agency again comes back to the same managers.
 */
export function inheritedAssignees(previous: Pick<MembershipState, 'grantId'> & { assigneeIds: string[] } | null, grantId: string): string[] {
  return previous && previous.grantId !== grantId ? [...previous.assigneeIds] : [];
}

/** On the roster now: active and not past its expiry (expiry takes effect without waiting for the event). */
export function isOnRoster(m: Pick<MembershipState, 'status' | 'expiresAt'>, now: Date): boolean {
  return m.status === 'active' && (m.expiresAt === null || m.expiresAt.getTime() > now.getTime());
}

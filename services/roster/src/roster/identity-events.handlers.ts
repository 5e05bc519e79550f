import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { grantEvents, userEvents, type EventContract, type EventEnvelope, type GrantEventPayload } from '#libs/contracts';
import { applyInOrder, onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { upsertProfileIdentity } from '../profiles/profiles.service.js';
import { RosterMembership } from './membership.entity.js';
import { inheritedAssignees, nextMembership, type GrantEventKind } from './membership.rules.js';

/** The projection's name in `projection_versions`: one applied version per grant. */
export const ROSTER_PROJECTION = 'roster-memberships';

/** The pair's latest grant before this one (identity allows one open grant per pair at a time). */
function previousMembership(em: EntityManager, e: GrantEventPayload): Promise<RosterMembership | null> {
  return em.findOne(RosterMembership, { agencyId: e.agencyId, creatorId: e.creatorId, grantId: { $ne: e.grantId } }, { orderBy: { since: 'desc' } });
}

/**
 * Applies one grant event to roster's copy of that grant, in grant-version order: a duplicate
 * or an event overtaken by a newer one changes nothing, so redelivery and reordering converge
 * on identity's state, and replaying the whole stream rebuilds the same rows.
 */
export async function applyGrantEvent(em: EntityManager, kind: GrantEventKind, event: EventEnvelope<GrantEventPayload>): Promise<boolean> {
  return applyInOrder(em, ROSTER_PROJECTION, event, async () => {
    const e = event.payload;
    const row = await em.findOne(RosterMembership, { grantId: e.grantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const next = nextMembership(row, kind, e);
    if (row) Object.assign(row, next);
    else em.create(RosterMembership, { ...next, assigneeIds: inheritedAssignees(await previousMembership(em, e), e.grantId) });
    if (e.creator) await upsertProfileIdentity(em, e.creatorId, e.creator, new Date(e.at));
  });
}

const GRANT_KINDS: [EventContract, GrantEventKind][] = [
  [grantEvents.activated, 'activated'],
  [grantEvents.scopesChanged, 'scopes-changed'],
  [grantEvents.revoked, 'revoked'],
  [grantEvents.expired, 'expired'],
];

/** Identity's events roster keeps its projection from (durable consumer `roster__IDENTITY`). */
@Injectable()
export class IdentityEventHandlers implements EventHandlerSet {
  handlers(): EventHandler<any>[] {
    return [
      ...GRANT_KINDS.map(([contract, kind]) =>
        onEvent(contract, (em, event) => applyGrantEvent(em, kind, event as EventEnvelope<GrantEventPayload>).then(() => undefined)),
      ),
      onEvent(userEvents.registered, async (em, event) => {
        const u = event.payload;
        if (u.kind === 'creator' && u.handle) await upsertProfileIdentity(em, u.userId, { handle: u.handle, name: u.name }, new Date(u.at));
      }),
    ];
  }
}

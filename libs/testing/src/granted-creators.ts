import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { grantEvents, userEvents } from '#libs/contracts';
import { buildEnvelope } from '#libs/messaging';

export interface EventCreator {
  userId: string;
  grantId: string;
  handle: string;
}

/**
 * Puts creators on an agency's roster the way identity does, without its HTTP sign-up: each
 * one's `user.registered` and an active grant (`metrics:read`, `campaigns:read`), published to
 * identity's stream in order. For rosters of hundreds, where signing each creator up through the
 * gateway would be most of the test's time; the services apply them as they would identity's own.
 */
export async function publishGrantedCreators(nc: NatsConnection, agencyId: string, creators: readonly EventCreator[]): Promise<void> {
  const js = jetstream(nc);
  for (const c of creators) {
    const at = new Date().toISOString();
    const registered = buildEnvelope(userEvents.registered, { aggregateId: c.userId, aggregateVersion: 1, payload: { userId: c.userId, kind: 'creator', name: c.handle, handle: c.handle, at } });
    const activated = buildEnvelope(grantEvents.activated, {
      aggregateId: c.grantId,
      aggregateVersion: 2,
      payload: { grantId: c.grantId, agencyId, creatorId: c.userId, status: 'active', scopes: ['metrics:read', 'campaigns:read'], expiresAt: null, actorUserId: c.userId, at, creator: { handle: c.handle, name: c.handle } },
    });
    await js.publish(userEvents.registered.subject, JSON.stringify(registered), { msgID: registered.id });
    await js.publish(grantEvents.activated.subject, JSON.stringify(activated), { msgID: activated.id });
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '#libs/contracts';
import type { NegotiationAudit } from '../audit/negotiation-audit.js';
import { PendingAccept, type Offer } from './offer.entities.js';
import { transition, type OfferTransition } from './offer.state-machine.js';
import { enqueueOfferEvent } from './offer-events.js';

/** Time acting on the offer (no user): an expiry. */
const TIME: Actor = { side: 'brand', userId: null, onBehalfOf: null, grantId: null };

export function applyTransition(offer: Offer, t: OfferTransition, now: Date): void {
  Object.assign(offer, { status: t.status, workStatus: t.workStatus, currentVersion: t.currentVersion, currentAuthor: t.currentAuthor, updatedAt: now });
}

/**
 * Records that time closed an undecided offer, in the caller's transaction with the offer
 * locked: the status, the audit entries and the `expired` event. The sweep calls it, and so
 * does a command that found the offer lapsed (the command itself is refused).
 */
export async function recordExpiry(em: EntityManager, audit: NegotiationAudit, offer: Offer, now: Date): Promise<void> {
  const previous = offer.status;
  applyTransition(offer, transition(offer, { type: 'expire' }, now), now);
  offer.closedReason = 'expired without an answer';
  const pending = await em.findOne(PendingAccept, { offerId: offer.id });
  if (pending) em.remove(pending);
  audit.record(em, { offerId: offer.id, creatorId: offer.creatorId, action: 'offer.expired', actor: TIME, forCreator: true, details: { previousStatus: previous, respondBy: offer.respondBy?.toISOString() ?? null } }, now);
  await em.flush();
  enqueueOfferEvent(em, offer, 'expired', TIME, now, { respondBy: (offer.respondBy ?? now).toISOString() });
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { negotiationEvents, type Actor, type PayloadOf } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import type { Offer } from './offer.entities.js';

const CONTRACTS = {
  opened: negotiationEvents.opened,
  withdrawn: negotiationEvents.withdrawn,
  expired: negotiationEvents.expired,
  proposed: negotiationEvents.proposed,
  'confirmation-requested': negotiationEvents.confirmationRequested,
  'confirmation-rejected': negotiationEvents.confirmationRejected,
  accepted: negotiationEvents.accepted,
  declined: negotiationEvents.declined,
  submitted: negotiationEvents.submitted,
  'changes-requested': negotiationEvents.changesRequested,
  approved: negotiationEvents.approved,
  'video-linked': negotiationEvents.videoLinked,
  completed: negotiationEvents.completed,
  'cancellation-requested': negotiationEvents.cancellationRequested,
  'cancellation-declined': negotiationEvents.cancellationDeclined,
  cancelled: negotiationEvents.cancelled,
} as const;
type Contracts = typeof CONTRACTS;
export type OfferEventKind = keyof Contracts;

type Base = 'offerId' | 'campaignId' | 'creatorId' | 'brandId' | 'occurredAt' | 'status' | 'workStatus' | 'version' | 'actor' | 'currentAuthor';
type Extra<K extends OfferEventKind> = Omit<PayloadOf<Contracts[K]>, Base>;

/**
 * Puts the offer's event in the outbox of the caller's transaction. Call after `em.flush()`
 * so `offer.version` (the aggregateVersion) already counts this change.
 */
export function enqueueOfferEvent<K extends OfferEventKind>(em: EntityManager, offer: Offer, kind: K, actor: Actor, at: Date, extra: Extra<K>): void {
  const contract = CONTRACTS[kind];
  enqueueEvent(em, contract as Contracts[OfferEventKind], {
    aggregateId: offer.id,
    aggregateVersion: offer.version,
    payload: {
      offerId: offer.id,
      campaignId: offer.campaignId,
      creatorId: offer.creatorId,
      brandId: offer.brandId,
      occurredAt: at.toISOString(),
      status: offer.status,
      workStatus: offer.workStatus ?? null,
      version: offer.currentVersion,
      actor,
      currentAuthor: offer.currentAuthor,
      ...extra,
    } as never,
  });
}

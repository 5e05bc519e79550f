import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  lifecycleStatusOf,
  negotiationEvents as n,
  type EventContract,
  type EventEnvelope,
  type Money,
  type NegotiationEventPayload,
  type OfferOpenedPayload,
  type Settlement,
  type Terms,
  turnOf,
} from '#libs/contracts';
import { applyInOrder, onEvent, type EventHandlerSet } from '#libs/messaging';
import { Offer } from './offer.entity.js';
import { committedAfterCancellation } from './offer.rules.js';

/** Negotiation's offer versions applied so far, per offer (aggregateVersion). */
export const NEGOTIATION_PROJECTION = 'offer-status';

async function opened(em: EntityManager, p: OfferOpenedPayload): Promise<void> {
  if (await em.findOne(Offer, { id: p.offerId })) return;
  const at = new Date(p.occurredAt);
  em.persist(
    em.create(Offer, {
      id: p.offerId,
      campaignId: p.campaignId,
      brandId: p.brandId,
      creatorId: p.creatorId,
      status: 'awaiting_response',
      price: p.price,
      terms: p.terms,
      termsVersion: p.version,
      respondBy: new Date(p.respondBy),
      belowRateCard: p.belowRateCard,
      rateCardPrice: p.rateCardPrice,
      rateCardVersion: p.rateCardVersion,
      sentBy: p.sentBy,
      currentAuthor: 'brand',
      turn: turnOf('awaiting_response', 'brand'),
      firstDueAt: firstDueAt(p.terms),
      committedAfterCancellation: null,
      createdAt: at,
      updatedAt: at,
    }),
  );
}

function firstDueAt(terms: Terms): Date | null {
  const due = terms.deliverables.map((d) => Date.parse(d.dueAt)).filter((t) => !Number.isNaN(t));
  return due.length ? new Date(Math.min(...due)) : null;
}

async function changed(em: EntityManager, p: NegotiationEventPayload & { price?: Money }, partlyApproved: boolean, proposal = false): Promise<void> {
  const offer = await em.findOne(Offer, { id: p.offerId });
  // Negotiation's events of one offer leave its outbox in order; an offer not seen yet is retried.
  if (!offer) throw new Error(`offer ${p.offerId} is not projected yet`);
  offer.status = lifecycleStatusOf(p.status, p.workStatus, partlyApproved);
  // Events published before they named the current author: a proposal's author is its actor.
  offer.currentAuthor = p.currentAuthor ?? (proposal ? p.actor.side : offer.currentAuthor);
  offer.turn = turnOf(offer.status, offer.currentAuthor);
  offer.termsVersion = Math.max(offer.termsVersion, p.version);
  if (p.price) offer.price = p.price;
  offer.updatedAt = new Date(p.occurredAt);
}

/** Cancelled by agreement: its settlement stays committed of the campaign's budget. */
async function cancelled(em: EntityManager, p: NegotiationEventPayload & { settlement: Settlement }): Promise<void> {
  await changed(em, p, false);
  const offer = await em.findOneOrFail(Offer, { id: p.offerId });
  offer.committedAfterCancellation = committedAfterCancellation(p.settlement);
}

/**
 * Campaigns' offers are a projection of negotiation, the offers' owner: each event sets the
 * status negotiation decided, once and in the offer's order (applyInOrder), so a redelivery or
 * an event overtaken by a newer one changes nothing. Nothing here judges whether a change is
 * allowed; the tabs and counts read these rows.
 */
@Injectable()
export class NegotiationEventHandlers implements EventHandlerSet {
  handlers() {
    return [
      onEvent(n.opened, (em, e) => this.inOrder(em, e, () => opened(em, e.payload))),
      onEvent(n.proposed, (em, e) => this.inOrder(em, e, () => changed(em, e.payload, false, true))),
      ...[n.withdrawn, n.expired, n.confirmationRequested, n.confirmationRejected, n.accepted, n.declined, n.submitted, n.changesRequested, n.completed, n.cancellationRequested].map((contract) =>
        onEvent(contract as EventContract, (em, e) => this.inOrder(em, e, () => changed(em, e.payload as NegotiationEventPayload, false))),
      ),
      onEvent(n.cancelled, (em, e) => this.inOrder(em, e, () => cancelled(em, e.payload))),
      onEvent(n.approved, (em, e) => this.inOrder(em, e, () => changed(em, e.payload, true))),
      onEvent(n.cancellationDeclined, (em, e) => this.inOrder(em, e, () => changed(em, e.payload, e.payload.partlyApproved))),
    ];
  }

  private async inOrder(em: EntityManager, event: EventEnvelope, apply: () => Promise<void>): Promise<void> {
    await applyInOrder(em, NEGOTIATION_PROJECTION, event, apply);
  }
}

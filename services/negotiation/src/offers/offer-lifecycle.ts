import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OfferCreatedPayload } from '#libs/contracts';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import { systemActor } from '../common/offer-access.js';
import { Offer, PendingAccept, TermsVersion } from './offer.entities.js';
import { transition } from './negotiation.state-machine.js';

/**
 * What campaigns decides about an offer: it opens one (version 1 of the terms is the offer's
 * own) and closes one by withdrawal or expiry. Campaigns is the authority on whether an offer
 * is still open (see the state machine), so its withdrawal or expiry closes the offer here
 * whatever negotiation last did with it.
 */
@Injectable()
export class OfferLifecycle {
  constructor(@Inject(NegotiationAudit) private readonly audit: NegotiationAudit) {}

  async open(em: EntityManager, p: OfferCreatedPayload): Promise<void> {
    if (await em.findOne(Offer, { id: p.offerId })) return;
    const at = new Date(p.at);
    const now = new Date();
    em.persist(
      em.create(Offer, {
        id: p.offerId,
        campaignId: p.campaignId,
        brandId: p.brandId,
        creatorId: p.creatorId,
        status: 'awaiting_response',
        workStatus: null,
        currentVersion: 1,
        currentAuthor: 'brand',
        respondBy: new Date(p.respondBy),
        closedReason: null,
        belowRateCard: p.belowRateCard,
        createdAt: at,
        updatedAt: now,
      }),
    );
    em.persist(
      em.create(TermsVersion, {
        id: randomUUID(),
        offerId: p.offerId,
        number: 1,
        terms: p.terms,
        authorSide: 'brand',
        actorUserId: p.sentBy,
        onBehalfOf: null,
        grantId: null,
        policyVersion: null,
        comment: null,
        createdAt: at,
      }),
    );
    this.audit.record(em, { offerId: p.offerId, creatorId: p.creatorId, action: 'offer.opened', actor: { ...systemActor('brand'), userId: p.sentBy }, details: { version: 1 } }, now);
  }

  async close(em: EntityManager, offerId: string, how: 'withdraw' | 'expire', actorUserId: string | null): Promise<void> {
    const offer = await em.findOne(Offer, { id: offerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!offer) return;
    const now = new Date();
    const previous = offer.status;
    const t = transition(offer, { type: how }, now);
    if (t.event === null) return;
    Object.assign(offer, { status: t.status, workStatus: t.workStatus, updatedAt: now, closedReason: how === 'withdraw' ? 'withdrawn by the brand' : 'expired without an answer' });
    const pending = await em.findOne(PendingAccept, { offerId });
    if (pending) em.remove(pending);
    this.audit.record(
      em,
      {
        offerId,
        creatorId: offer.creatorId,
        action: `offer.${t.event}`,
        actor: { ...systemActor('brand'), userId: actorUserId },
        // An accept or decline that crossed campaigns' decision is overruled: say so.
        details: { previousStatus: previous, ...(previous === 'accepted' || previous === 'declined' ? { overruled: previous } : {}) },
      },
      now,
    );
  }
}

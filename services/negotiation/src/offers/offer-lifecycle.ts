import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { notFound } from '#libs/authz';
import { AppError, type Offer as SentOffer, type Principal, negotiationContracts as c } from '#libs/contracts';
import { auditActorOf, UnitOfWork, type Payload } from '#libs/service-defaults';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import { OfferAccess } from '../access/negotiation-access.js';
import { Offer, PendingAccept, TermsVersion } from './offer.entities.js';
import { hasLapsed, transition } from './offer.state-machine.js';
import { applyTransition, recordExpiry } from './offer-expiry.js';
import { sentOfferView } from './offer.views.js';
import { enqueueOfferEvent } from './offer-events.js';

/** Offers the expiry sweep takes per transaction. */
export const EXPIRY_BATCH = 100;

const UNDECIDED = ['awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation'] as const;

/**
 * The beginning and the ends no party negotiated: opening an offer campaigns has checked,
 * the brand's withdrawal, and expiry when nobody answered by `respondBy`.
 */
@Injectable()
export class OfferLifecycle {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(OfferAccess) private readonly access: OfferAccess,
    @Inject(NegotiationAudit) private readonly audit: NegotiationAudit,
  ) {}

  /**
   * Opens the offer with version 1 of its terms, in one transaction with its audit entry and
   * `opened` event, so both sides can read and answer it as soon as the brand has the reply.
   * The offer id comes from campaigns (derived from the brand's idempotency key): a retry finds
   * the offer it opened and returns it.
   */
  async open(principal: Principal, req: Payload<typeof c.offersOpen>): Promise<SentOffer> {
    // Campaigns authorized the brand member on its campaign; the owner still refuses anyone else.
    if (principal.orgKind !== 'brand' || principal.orgId !== req.brandId) throw notFound();
    try {
      return await this.uow.run(async (em) => {
        const now = new Date();
        const again = await em.findOne(Offer, { id: req.offerId });
        if (again) {
          if (again.campaignId !== req.campaignId || again.creatorId !== req.creatorId) throw new AppError('conflict', 'Offer id in use', 'This offer id names another offer');
          return sentOfferView(em, again, now);
        }
        const open = await em.findOne(Offer, { campaignId: req.campaignId, creatorId: req.creatorId, status: { $in: [...UNDECIDED] } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (open) {
          if (!hasLapsed(open, now)) throw alreadyOpen(`${open.id}, ${open.status}`);
          // Lapsed but not yet recorded: record the expiry so the new offer can take its place.
          await recordExpiry(em, this.audit, open, now);
        }
        const offer = em.create(Offer, {
          id: req.offerId,
          campaignId: req.campaignId,
          brandId: req.brandId,
          creatorId: req.creatorId,
          status: 'awaiting_response',
          workStatus: null,
          currentVersion: 1,
          currentAuthor: 'brand',
          respondBy: new Date(req.respondBy),
          closedReason: null,
          belowRateCard: req.belowRateCard,
          rateCardPrice: req.rateCardPrice,
          rateCardVersion: req.rateCardVersion,
          rateCard: req.rateCard ?? null,
          campaignName: req.campaignName,
          brandName: req.brandName,
          campaignBrief: req.campaignBrief ?? null,
          creatorHandle: req.creatorHandle ?? null,
          creatorName: req.creatorName ?? null,
          sentBy: principal.userId,
          cancellationRequestedBy: null,
          createdAt: now,
          updatedAt: now,
        });
        const terms = em.create(TermsVersion, {
          id: randomUUID(),
          offerId: offer.id,
          number: 1,
          terms: req.terms,
          authorSide: 'brand',
          actorUserId: principal.userId,
          onBehalfOf: null,
          grantId: null,
          policyVersion: null,
          comment: null,
          createdAt: now,
        });
        em.persist([offer, terms]);
        const actor = { side: 'brand' as const, userId: principal.userId, onBehalfOf: null, grantId: null };
        this.audit.record(
          em,
          {
            offerId: offer.id,
            creatorId: offer.creatorId,
            action: 'offer.sent',
            actor,
            actorOrg: auditActorOf(principal).organization,
            forCreator: true,
            details: { campaignId: offer.campaignId, version: 1, price: req.terms.price, respondBy: req.respondBy, belowRateCard: req.belowRateCard },
          },
          now,
        );
        await em.flush();
        enqueueOfferEvent(em, offer, 'opened', actor, now, {
          campaignName: req.campaignName,
          brandName: req.brandName,
          terms: req.terms,
          price: req.terms.price,
          respondBy: req.respondBy,
          belowRateCard: req.belowRateCard,
          rateCardPrice: req.rateCardPrice,
          rateCardVersion: req.rateCardVersion,
          sentBy: principal.userId,
        });
        return sentOfferView(em, offer, now);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw alreadyOpen('opened at the same moment');
      throw err;
    }
  }

  /** The brand withdraws an undecided offer; of a withdrawal and any racing answer, the first to lock the offer wins. */
  withdraw(principal: Principal, req: { offerId: string }): Promise<SentOffer> {
    return this.access.write(principal, req.offerId, 'withdraw', async (em, { offer, actor, audit }) => {
      const now = new Date();
      const previous = offer.status;
      applyTransition(offer, transition(offer, { type: 'withdraw' }, now), now);
      offer.closedReason = 'withdrawn by the brand';
      const pending = await em.findOne(PendingAccept, { offerId: offer.id });
      if (pending) em.remove(pending);
      this.audit.record(em, { ...audit, offerId: offer.id, action: 'offer.withdrawn', forCreator: true, details: { previousStatus: previous } }, now);
      await em.flush();
      enqueueOfferEvent(em, offer, 'withdrawn', actor, now, {});
      return sentOfferView(em, offer, now);
    });
  }

  /**
   * Records the expiry of undecided offers whose `respondBy` has passed by `now`. Reads and
   * commands already treat them as expired; this writes the status and the events. Replicas
   * share the work: each takes a batch with SKIP LOCKED, so no offer expires twice and an offer
   * a command holds right now is left for the next sweep.
   */
  expireDue(now: Date, limit = EXPIRY_BATCH): Promise<number> {
    return this.uow.run(async (em) => {
      const due = await em.find(
        Offer,
        { status: { $in: [...UNDECIDED] }, respondBy: { $lte: now } },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit, orderBy: { respondBy: 'asc' } },
      );
      for (const offer of due) await recordExpiry(em, this.audit, offer, now);
      return due.length;
    });
  }
}

function alreadyOpen(which: string): AppError {
  return new AppError('conflict', 'Offer already open', `This campaign already has an open offer for this creator (${which})`);
}

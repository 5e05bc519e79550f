import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound, unauthenticated } from '#libs/authz';
import {
  AppError,
  campaignsContracts as c,
  offerEvents,
  type EventEnvelope,
  type LifecycleStatus,
  type Money,
  type NegotiationEventPayload,
  type Offer as OfferDto,
  type Principal,
  type TabCounts,
} from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { RpcAuthorizer, UnitOfWork, type Payload } from '#libs/service-defaults';
import { authorizeBrand, authorizeCreatorCampaigns, readableCreators } from '../common/access.js';
import { recordAction } from '../common/audit.js';
import { brandCampaign } from '../campaigns/campaigns.service.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { KnownCreator, RateCardCopy } from '../directory/directory.entities.js';
import { Offer } from './offer.entity.js';
import { effectiveStatus, IllegalTransitionError, isOpen, statusesIn, transition, type OfferCommand, type OfferTransition } from './offer.state-machine.js';
import { initialTerms, rateFloor, respondByFor } from './offer.rules.js';
import { offerView, tabRowView } from './offer.views.js';
import { countTabs, tabFilter } from './tab-counts.js';

/** What changed an offer's status, for its events and the audit log. */
export interface StatusCause {
  /** `withdraw`, `expire`, or the negotiation event type. */
  cause: string;
  actor: Principal | null;
}

const PENDING = statusesIn('pending');

/** Offers the expiry sweep takes per transaction. */
export const EXPIRY_BATCH = 100;

@Injectable()
export class OffersService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async send(principal: Principal, req: Payload<typeof c.offersSend>): Promise<OfferDto> {
    const now = new Date();
    try {
      return await this.uow.run(async (em) => {
        // Authorize, then validate: a stranger's bad terms get the 404, not the 400.
        const campaign = await brandCampaign(em, principal, req.campaignId, 'brand-campaigns:write');
        const respondBy = respondByFor(req.respondBy, now);
        const terms = initialTerms(req.price, req.deliverables, req.terms);
        if (!(await em.findOne(KnownCreator, { creatorId: req.creatorId }))) {
          throw new AppError('unprocessable', 'Unknown creator', 'No creator has this id', [{ path: 'creatorId', message: 'No such creator' }]);
        }
        const open = await em.findOne(
          Offer,
          { campaignId: campaign.id, creatorId: req.creatorId, status: { $in: PENDING } },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (open) {
          if (effectiveStatus(open, now) !== 'expired') {
            throw new AppError('conflict', 'Offer already open', `This campaign already has an open offer for this creator (${open.id}, ${open.status})`);
          }
          // Lapsed but not yet recorded: record the expiry so the new offer can take its place.
          await this.applyTransition(em, open, campaign, transition(open, 'expire', now), { cause: 'expire', actor: null }, now);
        }
        // The rate floor as of now, from campaigns' own copy of the card: recorded, never recomputed.
        const card = await em.findOne(RateCardCopy, { creatorId: req.creatorId });
        const floor = rateFloor(card, req.price, req.deliverables);
        const offer = em.create(Offer, {
          id: randomUUID(),
          campaignId: campaign.id,
          brandId: campaign.brandId,
          creatorId: req.creatorId,
          status: 'awaiting_response',
          price: req.price,
          terms,
          termsVersion: 1,
          respondBy,
          belowRateCard: floor.belowRateCard,
          rateCardPrice: floor.rateCardPrice,
          rateCardVersion: floor.rateCardVersion,
          sentBy: principal.userId,
          createdAt: now,
          updatedAt: now,
        });
        await em.flush();
        enqueueEvent(em, offerEvents.created, {
          aggregateId: offer.id,
          aggregateVersion: offer.version,
          payload: {
            offerId: offer.id,
            campaignId: campaign.id,
            brandId: campaign.brandId,
            creatorId: offer.creatorId,
            campaignName: campaign.name,
            brandName: campaign.brandName,
            status: 'awaiting_response',
            terms,
            respondBy: respondBy.toISOString(),
            belowRateCard: floor.belowRateCard,
            rateCardPrice: floor.rateCardPrice,
            sentBy: principal.userId,
            at: now.toISOString(),
          },
        });
        recordAction(
          em,
          {
            action: 'offer.sent',
            actor: principal,
            onBehalfOf: offer.creatorId,
            target: { type: 'offer', id: offer.id },
            details: { campaignId: campaign.id, price: req.price, respondBy: respondBy.toISOString(), belowRateCard: floor.belowRateCard },
          },
          now,
        );
        return offerView(offer, campaign, now);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new AppError('conflict', 'Offer already open', 'This campaign already has an open offer for this creator');
      }
      throw err;
    }
  }

  // Sending and withdrawing are the campaign's brand's; answered before the body is validated too.
  @RpcAuthorizer(c.offersSend)
  async authorizeSend(req: { campaignId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    await brandCampaign(this.uow.reader(), principal, req.campaignId, 'brand-campaigns:write');
  }

  @RpcAuthorizer(c.offersWithdraw)
  async authorizeWithdraw(req: { offerId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    const em = this.uow.reader();
    const offer = await em.findOne(Offer, { id: req.offerId });
    if (!offer) throw notFound();
    await brandCampaign(em, principal, offer.campaignId, 'brand-campaigns:write');
  }

  async withdraw(principal: Principal, offerId: string): Promise<OfferDto> {
    const outcome = await this.uow.run(async (em) => {
      const offer = await em.findOne(Offer, { id: offerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!offer) throw notFound();
      const campaign = await brandCampaign(em, principal, offer.campaignId, 'brand-campaigns:write');
      const now = new Date();
      if (isOpen(offer.status) && effectiveStatus(offer, now) === 'expired') {
        await this.applyTransition(em, offer, campaign, transition(offer, 'expire', now), { cause: 'expire', actor: null }, now);
        return { expired: true as const };
      }
      await this.applyTransition(em, offer, campaign, transition(offer, 'withdraw', now), { cause: 'withdraw', actor: principal }, now);
      return { offer: offerView(offer, campaign, now) };
    });
    // The expiry commits; the withdrawal it arrived with is refused.
    if ('expired' in outcome) throw new IllegalTransitionError('expired', 'withdraw');
    return outcome.offer;
  }

  async get(principal: Principal, offerId: string): Promise<OfferDto> {
    const em = this.uow.reader();
    const offer = await em.findOne(Offer, { id: offerId });
    if (!offer) throw notFound();
    if (principal.orgKind === 'brand') authorizeBrand(principal, 'brand-campaigns:read', offer.brandId);
    else await authorizeCreatorCampaigns(em, principal, offer.creatorId);
    const campaign = await em.findOneOrFail(Campaign, { id: offer.campaignId });
    return offerView(offer, campaign, new Date());
  }

  /** One tab of a creator's offers, newest first. */
  async tab(principal: Principal, req: Payload<typeof c.tabsList>) {
    const em = this.uow.reader();
    const now = new Date();
    await authorizeCreatorCampaigns(em, principal, req.creatorId, now);
    const rows = await em.find(
      Offer,
      { $and: [{ creatorId: req.creatorId }, tabFilter(req.tab, now), afterCursor(decodeCursor(req.cursor), 'createdAt')] } as never,
      { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: req.limit + 1 },
    );
    const { items, nextCursor } = page(rows, req.limit, (o) => ({ at: o.createdAt, id: o.id }));
    const campaigns = await em.find(Campaign, { id: { $in: [...new Set(items.map((o) => o.campaignId))] } });
    const byId = new Map(campaigns.map((k) => [k.id, k]));
    return { items: items.map((o) => tabRowView(o, byId.get(o.campaignId)!, now)), nextCursor };
  }

  /** Tab counts for many creators in one query; creators the caller may not read are left out. */
  async counts(principal: Principal, creatorIds: string[]): Promise<{ items: (TabCounts & { creatorId: string })[] }> {
    const em = this.uow.reader();
    const now = new Date();
    const readable = await readableCreators(em, principal, [...new Set(creatorIds)], now);
    const counts = await countTabs(em, 'creator_id', readable, now);
    return { items: readable.map((creatorId) => ({ creatorId, ...counts.get(creatorId)! })) };
  }

  /**
   * Records the expiry of offers whose `respondBy` has passed. Reads already show them expired;
   * this writes the status and the events. Replicas share the work: each takes a batch of due
   * offers with SKIP LOCKED, so no offer is expired twice and none is left behind.
   */
  async expireDue(limit = EXPIRY_BATCH): Promise<number> {
    return this.uow.run(async (em) => {
      const now = new Date();
      const due = await em.find(
        Offer,
        { status: { $in: PENDING }, respondBy: { $lte: now } },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit, orderBy: { respondBy: 'asc' } },
      );
      const campaigns = await em.find(Campaign, { id: { $in: [...new Set(due.map((o) => o.campaignId))] } });
      const byId = new Map(campaigns.map((k) => [k.id, k]));
      for (const offer of due) {
        await this.applyTransition(em, offer, byId.get(offer.campaignId)!, transition(offer, 'expire', now), { cause: 'expire', actor: null }, now);
      }
      return due.length;
    });
  }

  /**
   * A status change from negotiation, inside the consumer's transaction. Judged at the instant
   * negotiation acted (`occurredAt`), so an answer given before `respondBy` counts even if it
   * arrives later. A change the lifecycle does not allow is refused without retrying: the
   * offer keeps the status campaigns recorded (say, withdrawn) and the refusal is returned.
   */
  async applyNegotiation(
    em: EntityManager,
    event: EventEnvelope<NegotiationEventPayload & { price?: Money }>,
    command: OfferCommand,
  ): Promise<IllegalTransitionError | null> {
    const offer = await em.findOne(Offer, { id: event.payload.offerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!offer) throw new Error(`offer ${event.payload.offerId} is unknown to campaigns`);
    const campaign = await em.findOneOrFail(Campaign, { id: offer.campaignId });
    let t: OfferTransition;
    try {
      t = transition(offer, command, new Date(event.payload.occurredAt));
    } catch (err) {
      if (err instanceof IllegalTransitionError) return err;
      throw err;
    }
    offer.termsVersion = Math.max(offer.termsVersion, event.payload.version);
    if (event.payload.price && (command === 'propose' || command === 'accept')) offer.price = event.payload.price;
    await this.applyTransition(em, offer, campaign, t, { cause: event.type, actor: null }, new Date());
    return null;
  }

  /** Writes a transition with its events and, for campaigns' own commands, its audit entry. */
  private async applyTransition(em: EntityManager, offer: Offer, campaign: Campaign, t: OfferTransition, why: StatusCause, now: Date): Promise<void> {
    const previous: LifecycleStatus = offer.status;
    offer.status = t.status;
    offer.updatedAt = now;
    await em.flush(); // bumps `version`, which the events carry as aggregateVersion
    if (!t.changed) return;
    const ref = { offerId: offer.id, campaignId: campaign.id, brandId: campaign.brandId, creatorId: offer.creatorId };
    const at = now.toISOString();
    const aggregate = { aggregateId: offer.id, aggregateVersion: offer.version };
    if (why.cause === 'withdraw') {
      enqueueEvent(em, offerEvents.withdrawn, { ...aggregate, payload: { ...ref, previousStatus: previous, actorUserId: why.actor!.userId, at } });
    } else if (why.cause === 'expire') {
      enqueueEvent(em, offerEvents.expired, { ...aggregate, payload: { ...ref, previousStatus: previous, respondBy: offer.respondBy.toISOString(), at } });
    }
    enqueueEvent(em, offerEvents.statusChanged, { ...aggregate, payload: { ...ref, status: t.status, previousStatus: previous, cause: why.cause, at } });
    if (why.cause === 'withdraw' || why.cause === 'expire') {
      recordAction(
        em,
        {
          action: why.cause === 'withdraw' ? 'offer.withdrawn' : 'offer.expired',
          actor: why.actor,
          onBehalfOf: offer.creatorId,
          target: { type: 'offer', id: offer.id },
          details: { campaignId: campaign.id, previousStatus: previous, status: t.status },
        },
        now,
      );
    }
  }
}

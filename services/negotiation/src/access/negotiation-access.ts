import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorizeOffer, notFound, type GrantView, type OfferAction, enforce } from '#libs/authz';
import { AppError, negotiationContracts as c, type Actor, type AuditActor, type Principal, type Side } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { auditActorOf, grantInForce, grantsOf, RpcAuthorizer, UnitOfWork } from '#libs/service-defaults';
import { Offer } from '../offers/offer.entities.js';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import { hasLapsed, IllegalTransitionError } from '../offers/offer.state-machine.js';
import { recordExpiry } from '../offers/offer-expiry.js';
import { Payment } from '../payments/payment.entities.js';

/** The caller as a party to one offer: their side, and the grant they act through (if any). */
export interface OfferParty {
  offer: Offer;
  side: Side;
  actor: Actor;
  /** Acting for the creator through an agency grant (consent policy binds these acts). */
  byAgency: boolean;
  /** Who acted, as the audit log records it. */
  audit: { creatorId: string; actor: Actor; actorOrg: AuditActor['organization'] };
}

/**
 * Who the caller is on an offer. Reads decide with negotiation's own copy of the grants
 * (identity's grant events keep it current within moments). Writes ask identity for the
 * grant in force at that instant (`identity.grants.check.v1`) before taking the offer's lock,
 * because a projection may lag behind a revocation: a write that arrives after identity
 * committed a revocation is refused, even if its event has not reached this service yet.
 * If identity cannot answer, the write fails closed (503).
 */
@Injectable()
export class OfferAccess {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(RequestClient) private readonly requests: RequestClient,
    @Inject(NegotiationAudit) private readonly audit: NegotiationAudit,
  ) {}

  async read(em: EntityManager, principal: Principal, offerId: string, action: OfferAction = 'read'): Promise<OfferParty> {
    const offer = await em.findOne(Offer, { id: offerId });
    if (!offer) throw notFound();
    const grant = principal.orgKind === 'agency' && principal.orgId
      ? ((await grantsOf(em, principal.orgId, [offer.creatorId])).get(offer.creatorId) ?? null)
      : null;
    return this.decide(principal, action, offer, grant);
  }

  /**
   * Runs `work` in one unit of work with the offer locked (FOR UPDATE) and the caller
   * authorized for `action` on it with the grant identity confirms now. A command refused
   * because the offer lapsed records the expiry (as the sweep would) before the 409 goes out.
   */
  async write<T>(principal: Principal, offerId: string, action: OfferAction, work: (em: EntityManager, party: OfferParty) => Promise<T>): Promise<T> {
    const known = await this.uow.reader().findOne(Offer, { id: offerId }, { fields: ['creatorId'] });
    if (!known) throw notFound();
    const grant = await this.grantInForce(principal, known.creatorId);
    try {
      return await this.uow.run(async (em) => {
        const offer = await em.findOne(Offer, { id: offerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!offer) throw notFound();
        return work(em, this.decide(principal, action, offer, grant));
      });
    } catch (err) {
      if (err instanceof IllegalTransitionError && err.current === 'expired') await this.recordLapse(offerId);
      throw err;
    }
  }

  private recordLapse(offerId: string): Promise<void> {
    return this.uow.run(async (em) => {
      const now = new Date();
      const offer = await em.findOne(Offer, { id: offerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (offer && hasLapsed(offer, now)) await recordExpiry(em, this.audit, offer, now);
    });
  }

  /**
   * Decides, as `read` or `write` would, whether the caller may do `action` on the offer
   * (404 to strangers, 403 without the role or scope), without locking or doing anything:
   * what a handler's RpcAuthorizer answers before its body is validated.
   */
  async authorize(principal: Principal, offerId: string, action: OfferAction): Promise<void> {
    const em = this.uow.reader();
    if (action === 'read') {
      await this.read(em, principal, offerId);
      return;
    }
    const offer = await em.findOne(Offer, { id: offerId });
    if (!offer) throw notFound();
    this.decide(principal, action, offer, await this.grantInForce(principal, offer.creatorId));
  }

  // What each offer subject asks of its caller, answered before its body is validated.
  @RpcAuthorizer(c.offersGet, c.versionsList, c.messagesList, c.submissionsList, c.paymentsList, c.contractGet, c.contractPdf)
  authorizeRead(req: { offerId: string }, principal?: Principal) {
    return this.authorize(caller(principal), req.offerId, 'read');
  }

  @RpcAuthorizer(c.propose, c.accept, c.decline, c.messagesPost)
  authorizeNegotiate(req: { offerId: string }, principal?: Principal) {
    return this.authorize(caller(principal), req.offerId, 'negotiate');
  }

  @RpcAuthorizer(c.confirm, c.rejectConfirmation)
  authorizeConfirm(req: { offerId: string }, principal?: Principal) {
    return this.authorize(caller(principal), req.offerId, 'confirm');
  }

  @RpcAuthorizer(c.cancellationRequest, c.cancellationAccept, c.cancellationDecline)
  authorizeCancel(req: { offerId: string }, principal?: Principal) {
    return this.authorize(caller(principal), req.offerId, 'cancel');
  }

  @RpcAuthorizer(c.contractSign)
  authorizeSign(req: { offerId: string }, principal?: Principal) {
    return this.authorize(caller(principal), req.offerId, 'sign');
  }

  // A payment's steps are decided on its offer (an unknown payment: 404).
  @RpcAuthorizer(c.paymentInvoice)
  async authorizeInvoice(req: { paymentId: string }, principal?: Principal) {
    return this.authorize(caller(principal), await this.offerOfPayment(req.paymentId), 'invoice');
  }

  @RpcAuthorizer(c.paymentPaid)
  async authorizePaid(req: { paymentId: string }, principal?: Principal) {
    return this.authorize(caller(principal), await this.offerOfPayment(req.paymentId), 'pay');
  }

  @RpcAuthorizer(c.paymentDispute)
  async authorizeDispute(req: { paymentId: string }, principal?: Principal) {
    return this.authorize(caller(principal), await this.offerOfPayment(req.paymentId), 'dispute');
  }

  /** The offer a payment belongs to (404 for an unknown payment). */
  async offerOfPayment(paymentId: string): Promise<string> {
    const p = await this.uow.reader().findOne(Payment, { id: paymentId }, { fields: ['offerId'] });
    if (!p) throw notFound();
    return p.offerId;
  }

  @RpcAuthorizer(c.offersWithdraw)
  authorizeWithdraw(req: { offerId: string }, principal?: Principal) {
    return this.authorize(caller(principal), req.offerId, 'withdraw');
  }

  @RpcAuthorizer(c.complete)
  authorizeComplete(req: { offerId: string }, principal?: Principal) {
    return this.authorize(caller(principal), req.offerId, 'complete');
  }

  // Naming an approved draft's video is the creator side's, as submitting is.
  @RpcAuthorizer(c.submit, c.linkVideo)
  authorizeSubmit(req: { offerId: string }, principal?: Principal) {
    return this.authorize(caller(principal), req.offerId, 'submit');
  }

  @RpcAuthorizer(c.review)
  authorizeReview(req: { offerId: string }, principal?: Principal) {
    return this.authorize(caller(principal), req.offerId, 'review');
  }

  /** The grant between the caller's agency and the creator as identity says now; null for everyone else. */
  grantInForce(principal: Principal, creatorId: string): Promise<GrantView | null> {
    return grantInForce(this.requests, principal, creatorId);
  }

  private decide(principal: Principal, action: OfferAction, offer: Offer, grant: GrantView | null): OfferParty {
    const decision = authorizeOffer(principal, action, offer, grant);
    if (!decision.allowed) {
      enforce(decision);
      throw notFound();
    }
    const { side, actingFor } = decision;
    const actor: Actor = { side, userId: principal.userId, onBehalfOf: actingFor?.creatorId ?? null, grantId: actingFor?.grantId ?? null };
    return { offer, side, byAgency: !!actingFor, actor, audit: { creatorId: offer.creatorId, actor, actorOrg: auditActorOf(principal).organization } };
  }
}

function caller(principal: Principal | undefined): Principal {
  if (!principal) throw new AppError('unauthenticated', 'Authentication required');
  return principal;
}

/** The actor for what time decided on the creator's work (deemed approvals). */
export function systemActor(side: Side): Actor {
  return { side, userId: null, onBehalfOf: null, grantId: null };
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type CancellationView, type Principal } from '#libs/contracts';
import { SERVICE_CONFIG, UnitOfWork } from '#libs/service-defaults';
import { OfferAccess, type OfferParty } from '../access/negotiation-access.js';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import type { NegotiationConfig } from '../negotiation.config.js';
import type { Offer } from '../offers/offer.entities.js';
import { transition } from '../offers/offer.state-machine.js';
import { applyTransition } from '../offers/offer-expiry.js';
import { enqueueOfferEvent } from '../offers/offer-events.js';
import { Submission } from '../feedback/submission.entity.js';
import { PaymentLedger } from '../payments/payment-ledger.js';
import { settle } from '../payments/settlement.rules.js';
import { settlementFacts } from './cancellation.views.js';
import { Cancellation } from './cancellation.entity.js';

export function cancellationView(c: Cancellation): CancellationView {
  return {
    id: c.id,
    offerId: c.offerId,
    status: c.status,
    requestedBy: c.requestedBy,
    reason: c.reason,
    requestedAt: c.requestedAt.toISOString(),
    answeredBy: c.answeredBy ?? null,
    answeredAt: c.answeredAt?.toISOString() ?? null,
    declineReason: c.declineReason ?? null,
    settlement: c.settlement ?? null,
  };
}

/**
 * Ending accepted work by agreement: one side asks with a reason, the other accepts or declines.
 * Every move goes through the offer's state machine under its row lock; on acceptance the
 * settlement (by stage and initiator, the deployment's table) voids what is no longer owed and
 * adds what is owed beyond the payments kept, in the same unit of work.
 */
@Injectable()
export class CancellationService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(OfferAccess) private readonly access: OfferAccess,
    @Inject(NegotiationAudit) private readonly audit: NegotiationAudit,
    @Inject(PaymentLedger) private readonly ledger: PaymentLedger,
    @Inject(SERVICE_CONFIG) private readonly config: NegotiationConfig,
  ) {}

  async get(principal: Principal, offerId: string): Promise<CancellationView | null> {
    const em = this.uow.reader();
    await this.access.read(em, principal, offerId);
    const latest = await em.findOne(Cancellation, { offerId }, { orderBy: { requestedAt: 'desc' } });
    return latest ? cancellationView(latest) : null;
  }

  request(principal: Principal, req: { offerId: string; reason: string }): Promise<CancellationView> {
    return this.access.write(principal, req.offerId, 'cancel', async (em, party) => {
      const { offer, side, actor } = party;
      const now = new Date();
      const t = transition(offer, { type: 'request-cancellation', side }, now);
      applyTransition(offer, t, now);
      offer.cancellationRequestedBy = side;
      const c = em.create(Cancellation, {
        id: randomUUID(),
        offerId: offer.id,
        status: 'requested',
        requestedSide: side,
        requestedBy: actor,
        reason: req.reason,
        requestedAt: now,
        answeredBy: null,
        answeredAt: null,
        declineReason: null,
        settlement: null,
      });
      em.persist(c);
      this.audit.record(em, { ...party.audit, offerId: offer.id, action: 'offer.cancellation-requested', forCreator: true, details: { cancellationId: c.id, reason: req.reason } }, now);
      await em.flush();
      enqueueOfferEvent(em, offer, 'cancellation-requested', actor, now, { cancellationId: c.id, reason: req.reason });
      return cancellationView(c);
    });
  }

  decline(principal: Principal, req: { offerId: string; reason?: string }): Promise<CancellationView> {
    return this.access.write(principal, req.offerId, 'cancel', async (em, party) => {
      const { offer, side, actor } = party;
      const now = new Date();
      const partlyApproved = (await em.count(Submission, { offerId: offer.id, status: 'approved' })) > 0;
      const t = transition(offer, { type: 'decline-cancellation', side, partlyApproved }, now);
      const c = await this.open(em, offer);
      applyTransition(offer, t, now);
      offer.cancellationRequestedBy = null;
      Object.assign(c, { status: 'declined', answeredBy: actor, answeredAt: now, declineReason: req.reason ?? null });
      this.audit.record(em, { ...party.audit, offerId: offer.id, action: 'offer.cancellation-declined', forCreator: true, details: { cancellationId: c.id, reason: req.reason ?? null } }, now);
      await em.flush();
      enqueueOfferEvent(em, offer, 'cancellation-declined', actor, now, { cancellationId: c.id, reason: req.reason ?? null, partlyApproved });
      return cancellationView(c);
    });
  }

  accept(principal: Principal, req: { offerId: string }): Promise<CancellationView> {
    return this.access.write(principal, req.offerId, 'cancel', async (em, party) => {
      const { offer, side, actor } = party;
      const now = new Date();
      const t = transition(offer, { type: 'accept-cancellation', side }, now);
      const c = await this.open(em, offer);
      const settlement = await this.settle(em, offer, c, party, now);
      applyTransition(offer, t, now);
      offer.cancellationRequestedBy = null;
      offer.closedReason = `cancelled by agreement: ${c.reason}`;
      Object.assign(c, { status: 'accepted', answeredBy: actor, answeredAt: now, settlement });
      this.audit.record(em, { ...party.audit, offerId: offer.id, action: 'offer.cancelled', forCreator: true, details: { cancellationId: c.id, settlement } }, now);
      await em.flush();
      enqueueOfferEvent(em, offer, 'cancelled', actor, now, { cancellationId: c.id, settlement });
      return cancellationView(c);
    });
  }

  private async open(em: EntityManager, offer: Offer): Promise<Cancellation> {
    return em.findOneOrFail(Cancellation, { offerId: offer.id, status: 'requested' });
  }

  /** The stage table applied to the schedule: void what is no longer owed, add what is owed beyond it. */
  private async settle(em: EntityManager, offer: Offer, c: Cancellation, party: OfferParty, now: Date) {
    const { contract, payments, schedule, stage } = await settlementFacts(em, offer);
    const outcome = settle({ price: contract.terms.price.amount, initiator: c.requestedSide, stage, table: this.config.CANCELLATION_SETTLEMENT, payments: schedule });
    const by = { actor: party.actor, actorOrg: party.audit.actorOrg };
    for (const p of payments.filter((x) => outcome.voided.includes(x.id))) this.ledger.step(em, offer, p, { type: 'void' }, by, `cancelled by agreement (${stage}, asked by the ${c.requestedSide} side)`, now, { voidedAt: now });
    const template = payments[0];
    const extra = outcome.settlementAmount > 0 && template ? this.ledger.addSettlement(em, offer, template, payments.length + 1, outcome.settlementAmount, by, now) : null;
    const currency = contract.terms.price.currency;
    return {
      stage,
      initiator: c.requestedSide,
      percentOwed: outcome.percentOwed,
      owed: { amount: outcome.owed, currency },
      paid: { amount: outcome.paid, currency },
      refundDue: { amount: outcome.refundDue, currency },
      voidedPaymentIds: outcome.voided,
      settlementPaymentId: extra?.id ?? null,
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OfferAction } from '#libs/authz';
import { AppError, type PaymentView, type Principal } from '#libs/contracts';
import { UnitOfWork } from '#libs/service-defaults';
import { OfferAccess, systemActor, type OfferParty } from '../access/negotiation-access.js';
import { Contract, Offer } from '../offers/offer.entities.js';
import { Payment } from './payment.entities.js';
import { commissionAt, PaymentLedger, paymentView, scheduleView } from './payment-ledger.js';
import { isOverdue, type PaymentCommand } from './payment.state-machine.js';

/** Payments the overdue sweep takes per transaction. */
export const OVERDUE_BATCH = 100;

/**
 * The schedule as both sides read it, and the steps people take on a payment: the creator side
 * invoices, the brand marks it paid, either side disputes. Each step runs under the offer's row
 * lock and then the payment's, so it never interleaves with a cancellation or the overdue sweep.
 */
@Injectable()
export class PaymentsService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(OfferAccess) private readonly access: OfferAccess,
    @Inject(PaymentLedger) private readonly ledger: PaymentLedger,
  ) {}

  async list(principal: Principal, offerId: string): Promise<{ items: PaymentView[] }> {
    const em = this.uow.reader();
    const { offer } = await this.access.read(em, principal, offerId);
    return { items: await scheduleView(em, offer, await em.findOne(Contract, { offerId })) };
  }

  invoice(principal: Principal, req: { paymentId: string; reference: string }): Promise<PaymentView> {
    return this.step(principal, req.paymentId, 'invoice', (p, now) => [{ type: 'invoice', at: now, netDays: p.netDays }, req.reference, { invoicedAt: now, invoiceReference: req.reference }]);
  }

  pay(principal: Principal, req: { paymentId: string; reference: string; paidAt?: string }): Promise<PaymentView> {
    return this.step(principal, req.paymentId, 'pay', (_p, now) => {
      const paidAt = req.paidAt ? new Date(req.paidAt) : now;
      if (paidAt.getTime() > now.getTime()) throw new AppError('unprocessable', 'Paid in the future', 'paidAt cannot be later than now', [{ path: 'paidAt', message: 'Must not be in the future' }]);
      return [{ type: 'pay' }, req.reference, { paidAt, paidReference: req.reference }];
    });
  }

  dispute(principal: Principal, req: { paymentId: string; reason: string }): Promise<PaymentView> {
    return this.step(principal, req.paymentId, 'dispute', (_p, now, party) => [{ type: 'dispute' }, req.reason, { disputeSide: party.side, disputeReason: req.reason, disputedAt: now }]);
  }

  /**
   * Marks payments past their due date overdue as of `now`. Every replica may sweep: each batch
   * is taken with SKIP LOCKED, so a payment is marked once and one a command holds is left for
   * the next sweep. Returns how many were marked.
   */
  markOverdue(now: Date, limit = OVERDUE_BATCH): Promise<number> {
    return this.uow.run(async (em) => {
      const due = await em.find(
        Payment,
        { status: { $in: ['due', 'invoiced'] }, dueAt: { $lt: now } },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit, orderBy: { dueAt: 'asc' } },
      );
      for (const payment of due) {
        if (!isOverdue(payment, now)) continue;
        const offer = await em.findOneOrFail(Offer, { id: payment.offerId });
        this.ledger.step(em, offer, payment, { type: 'mark-overdue' }, { actor: systemActor('brand'), actorOrg: null }, `unpaid past ${payment.dueAt!.toISOString()}`, now);
      }
      await em.flush();
      return due.length;
    });
  }

  private async step(
    principal: Principal,
    paymentId: string,
    action: OfferAction,
    decide: (p: Payment, now: Date, party: OfferParty) => [PaymentCommand, string, Partial<Payment>],
  ): Promise<PaymentView> {
    const offerId = await this.access.offerOfPayment(paymentId);
    return this.access.write(principal, offerId, action, async (em, party) => {
      const now = new Date();
      const payment = await em.findOneOrFail(Payment, { id: paymentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const [command, note, patch] = decide(payment, now, party);
      this.ledger.step(em, party.offer, payment, command, { actor: party.actor, actorOrg: party.audit.actorOrg }, note, now, patch);
      await em.flush();
      return this.view(em, party.offer, payment);
    });
  }

  private async view(em: EntityManager, offer: Offer, payment: Payment): Promise<PaymentView> {
    const contract = await em.findOneOrFail(Contract, { offerId: offer.id });
    return paymentView(payment, await commissionAt(em, payment.agencyId ?? null, offer.creatorId, contract.acceptedAt));
  }
}

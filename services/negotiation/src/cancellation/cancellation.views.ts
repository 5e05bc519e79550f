import type { EntityManager } from '@mikro-orm/postgresql';
import { SETTLEMENT_STAGES, type PendingCancellation, type SettlementStage } from '#libs/contracts';
import { Contract, type Offer } from '../offers/offer.entities.js';
import { actorNamer } from '../offers/offer-actors.js';
import { Submission } from '../feedback/submission.entity.js';
import { Payment } from '../payments/payment.entities.js';
import { settle, stageOf, type SettlementInput, type SettlementTable } from '../payments/settlement.rules.js';
import { Cancellation } from './cancellation.entity.js';

/** What a settlement is decided on: the contract's price, the schedule in order, and the stage the work reached. */
export async function settlementFacts(em: EntityManager, offer: Offer): Promise<{ contract: Contract; payments: Payment[]; schedule: SettlementInput['payments']; stage: SettlementStage }> {
  const [contract, payments, submissions] = await Promise.all([
    em.findOneOrFail(Contract, { offerId: offer.id }),
    em.find(Payment, { offerId: offer.id }, { orderBy: { seq: 'asc' } }),
    em.count(Submission, { offerId: offer.id }),
  ]);
  const schedule = payments.map((p) => ({ id: p.id, amount: p.amount.amount, status: p.status }));
  return { contract, payments, schedule, stage: stageOf(offer.workStatus ?? null, submissions > 0) };
}

/**
 * The cancellation an offer waits on, as the offer shows it: who asked (their organization from
 * the grant copy; names are the gateway's to add), why, when, and what the one settlement rule
 * would leave owed at each stage if it were accepted, with the stage the work is at now. Null
 * unless the offer is `cancellation_requested`.
 */
export async function pendingCancellation(em: EntityManager, offer: Offer, table: SettlementTable): Promise<PendingCancellation | null> {
  if (offer.status !== 'cancellation_requested') return null;
  const c = await em.findOne(Cancellation, { offerId: offer.id, status: 'requested' });
  if (!c) return null;
  const [{ contract, schedule, stage }, actorOf] = await Promise.all([settlementFacts(em, offer), actorNamer(em, offer, [c.requestedBy])]);
  const currency = contract.terms.price.currency;
  const byStage = SETTLEMENT_STAGES.map((s) => {
    const outcome = settle({ price: contract.terms.price.amount, initiator: c.requestedSide, stage: s, table, payments: schedule });
    return {
      stage: s,
      percentOwed: outcome.percentOwed,
      owed: { amount: outcome.owed, currency },
      refundDue: { amount: outcome.refundDue, currency },
      voidedPayments: outcome.voided.length,
    };
  });
  return {
    id: c.id,
    requestedBy: { ...actorOf(c.requestedBy), side: c.requestedSide },
    reason: c.reason,
    requestedAt: c.requestedAt.toISOString(),
    settlement: { stage, byStage },
  };
}

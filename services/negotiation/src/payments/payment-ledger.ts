import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { paymentEvents, type Actor, type AuditAction, type AuditActor, type PaymentView } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { GrantCopy } from '#libs/service-defaults';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import type { Contract, Offer } from '../offers/offer.entities.js';
import { CommissionVersion, Payment } from './payment.entities.js';
import { isTriggeredBy, paymentSchedule, type Occurrence } from './payment-schedule.rules.js';
import { initialStatus, transitionPayment, type PaymentCommand } from './payment.state-machine.js';
import { splitPayment, versionInForce } from './commission-split.rules.js';

/** Which event each step publishes. */
const STEP_EVENTS = {
  'start-clock': paymentEvents.due,
  invoice: paymentEvents.invoiced,
  pay: paymentEvents.paid,
  dispute: paymentEvents.disputed,
  'mark-overdue': paymentEvents.overdue,
  void: paymentEvents.voided,
} as const;

const STEP_ACTIONS: Record<PaymentCommand['type'], AuditAction> = {
  'start-clock': 'payment.due',
  invoice: 'payment.invoiced',
  pay: 'payment.paid',
  dispute: 'payment.disputed',
  'mark-overdue': 'payment.overdue',
  void: 'payment.voided',
};

/** Who did a step, as the audit entries record it. */
export interface StepBy {
  actor: Actor;
  actorOrg: AuditActor['organization'] | null;
}

/**
 * The payment schedule inside other units of work: made at acceptance, clocks started by
 * signatures and approvals, each step of a payment applied by its state machine with its
 * audit entries (negotiation's log and the creator's) and its event. Callers hold the offer's
 * row lock.
 */
@Injectable()
export class PaymentLedger {
  constructor(@Inject(NegotiationAudit) private readonly audit: NegotiationAudit) {}

  /** The schedule of the accepted terms, written with the acceptance. */
  async schedule(em: EntityManager, offer: Offer, contract: Contract, by: StepBy, now: Date): Promise<Payment[]> {
    const agencyId = await this.agencyOf(em, offer.creatorId, contract.parties.acceptedBy.grantId);
    const payments = paymentSchedule(contract.terms).map((line) =>
      em.create(Payment, {
        id: randomUUID(),
        offerId: offer.id,
        contractId: contract.id,
        creatorId: offer.creatorId,
        brandId: offer.brandId,
        agencyId,
        seq: line.seq,
        kind: line.kind,
        name: line.name,
        amount: { amount: line.amount, currency: contract.terms.price.currency },
        trigger: line.trigger,
        deliverable: line.deliverable,
        netDays: contract.terms.paymentTerms.netDays,
        dueAt: line.dueAt,
        status: initialStatus(line.dueAt),
        invoicedAt: null,
        invoiceReference: null,
        paidAt: null,
        paidReference: null,
        disputeSide: null,
        disputeReason: null,
        disputedAt: null,
        voidedAt: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      }),
    );
    em.persist(payments);
    this.audit.record(
      em,
      {
        offerId: offer.id,
        creatorId: offer.creatorId,
        action: 'payment.scheduled',
        actor: by.actor,
        actorOrg: by.actorOrg ?? undefined,
        forCreator: true,
        details: { contractId: contract.id, agencyId, payments: payments.map((p) => ({ id: p.id, name: p.name, amount: p.amount, trigger: p.trigger, dueAt: p.dueAt?.toISOString() ?? null })) },
      },
      now,
    );
    for (const p of payments) this.publish(em, p, paymentEvents.scheduled, by.actor, null, now);
    return payments;
  }

  /** A settlement payment a cancellation left owed: due at once plus netDays. */
  addSettlement(em: EntityManager, offer: Offer, template: Payment, seq: number, amount: number, by: StepBy, now: Date): Payment {
    const payment = em.create(Payment, {
      offerId: template.offerId,
      contractId: template.contractId,
      creatorId: template.creatorId,
      brandId: template.brandId,
      agencyId: template.agencyId ?? null,
      netDays: template.netDays,
      id: randomUUID(),
      seq,
      kind: 'settlement',
      name: 'Cancellation settlement',
      amount: { amount, currency: template.amount.currency },
      trigger: 'cancelled',
      deliverable: null,
      status: 'scheduled',
      dueAt: null,
      invoicedAt: null,
      invoiceReference: null,
      paidAt: null,
      paidReference: null,
      disputeSide: null,
      disputeReason: null,
      disputedAt: null,
      voidedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    em.persist(payment);
    this.publish(em, payment, paymentEvents.scheduled, by.actor, null, now);
    this.step(em, offer, payment, { type: 'start-clock', at: now, netDays: payment.netDays }, by, null, now);
    return payment;
  }

  /** Starts the clock of every scheduled payment the occurrences trigger. */
  async occur(em: EntityManager, offer: Offer, occurrences: readonly Occurrence[], by: StepBy, now: Date): Promise<void> {
    const waiting = await em.find(Payment, { offerId: offer.id, status: 'scheduled' }, { orderBy: { seq: 'asc' } });
    for (const payment of waiting) {
      const o = occurrences.find((x) => isTriggeredBy(payment, x));
      if (o) this.step(em, offer, payment, { type: 'start-clock', at: o.at, netDays: payment.netDays }, by, null, now);
    }
  }

  /** One step of one payment: its state machine, its audit entries, its event. */
  step(em: EntityManager, offer: Offer, payment: Payment, command: PaymentCommand, by: StepBy, note: string | null, now: Date, patch: Partial<Payment> = {}): void {
    const previous = payment.status;
    const next = transitionPayment(payment, command, now);
    Object.assign(payment, patch, { status: next.status, dueAt: next.dueAt, updatedAt: now, version: payment.version + 1 });
    this.audit.record(
      em,
      {
        offerId: offer.id,
        creatorId: offer.creatorId,
        action: STEP_ACTIONS[command.type],
        actor: by.actor,
        actorOrg: by.actorOrg ?? undefined,
        forCreator: true,
        details: { paymentId: payment.id, name: payment.name, amount: payment.amount, previousStatus: previous, status: next.status, dueAt: next.dueAt?.toISOString() ?? null, ...(note ? { note } : {}) },
      },
      now,
    );
    this.publish(em, payment, STEP_EVENTS[command.type], by.actor, note, now);
  }

  private publish(em: EntityManager, p: Payment, contract: (typeof paymentEvents)[keyof typeof paymentEvents], actor: Actor, note: string | null, now: Date): void {
    enqueueEvent(em, contract, {
      aggregateId: p.id,
      aggregateVersion: p.version,
      payload: {
        paymentId: p.id,
        offerId: p.offerId,
        creatorId: p.creatorId,
        brandId: p.brandId,
        seq: p.seq,
        kind: p.kind,
        name: p.name,
        amount: p.amount,
        trigger: p.trigger,
        status: p.status,
        dueAt: p.dueAt?.toISOString() ?? null,
        actor,
        occurredAt: now.toISOString(),
        note,
      },
    });
  }

  /**
   * The agency whose commission splits the payments: the one whose grant was used to accept,
   * else the creator's only agency with a grant in force; none when the creator has several
   * and accepted in person (no agency can be named without guessing).
   */
  private async agencyOf(em: EntityManager, creatorId: string, grantId: string | null): Promise<string | null> {
    if (grantId) {
      const grant = await em.findOne(GrantCopy, { grantId });
      if (grant) return grant.agencyId;
    }
    const active = await em.find(GrantCopy, { creatorId, status: 'active' });
    const agencies = [...new Set(active.map((g) => g.agencyId))];
    return agencies.length === 1 ? agencies[0]! : null;
  }
}

/** The commission version in force for an agency and creator at `at` (the contract's acceptance). */
export async function commissionAt(em: EntityManager, agencyId: string | null, creatorId: string, at: Date): Promise<CommissionVersion | null> {
  if (!agencyId) return null;
  return versionInForce(await em.find(CommissionVersion, { agencyId, creatorId }), at);
}

/**
 * The commission version in force for each payment's schedule, for a page of payments in one
 * read: `(payment) => version`, by the payment's agency and creator at its contract's acceptance.
 */
export async function commissionsFor(em: EntityManager, payments: readonly Payment[], acceptedAt: ReadonlyMap<string, Date>): Promise<(p: Payment) => CommissionVersion | null> {
  const withAgency = payments.filter((p) => p.agencyId);
  const versions = withAgency.length
    ? await em.find(CommissionVersion, { agencyId: { $in: [...new Set(withAgency.map((p) => p.agencyId!))] }, creatorId: { $in: [...new Set(withAgency.map((p) => p.creatorId))] } })
    : [];
  const byPair = new Map<string, CommissionVersion[]>();
  for (const v of versions) {
    const key = `${v.agencyId}/${v.creatorId}`;
    byPair.set(key, [...(byPair.get(key) ?? []), v]);
  }
  return (p) => {
    const at = acceptedAt.get(p.offerId);
    return p.agencyId && at ? versionInForce(byPair.get(`${p.agencyId}/${p.creatorId}`) ?? [], at) : null;
  };
}

/** A payment as both sides read it, with its split by the commission in force at acceptance. */
export function paymentView(p: Payment, commission: CommissionVersion | null): PaymentView {
  return {
    id: p.id,
    offerId: p.offerId,
    seq: p.seq,
    kind: p.kind,
    name: p.name,
    amount: p.amount,
    trigger: p.trigger,
    deliverable: p.deliverable ?? null,
    dueAt: p.dueAt?.toISOString() ?? null,
    status: p.status,
    invoicedAt: p.invoicedAt?.toISOString() ?? null,
    invoiceReference: p.invoiceReference ?? null,
    paidAt: p.paidAt?.toISOString() ?? null,
    paidReference: p.paidReference ?? null,
    dispute: p.disputeSide && p.disputedAt ? { side: p.disputeSide, reason: p.disputeReason ?? '', at: p.disputedAt.toISOString() } : null,
    voidedAt: p.voidedAt?.toISOString() ?? null,
    split: splitPayment(p.amount.amount, p.creatorId, commission),
    commission: commission ? { agencyId: commission.agencyId, version: commission.version, percent: commission.percent } : null,
    version: p.version,
  };
}

/** The schedule of an offer, in order, each with its split. */
export async function scheduleView(em: EntityManager, offer: Offer, contract: Contract | null): Promise<PaymentView[]> {
  const rows = await em.find(Payment, { offerId: offer.id }, { orderBy: { seq: 'asc' } });
  if (!rows.length || !contract) return [];
  const commission = await commissionAt(em, rows[0]!.agencyId ?? null, offer.creatorId, contract.acceptedAt);
  return rows.map((p) => paymentView(p, commission));
}


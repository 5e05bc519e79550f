import { defineEntity, p } from '@mikro-orm/core';
import { DELIVERABLE_TYPES, PAYMENT_KINDS, PAYMENT_STATUSES, PAYMENT_TRIGGERS, SIDES, type Money } from '#libs/contracts';

/**
 * One payment of an offer's schedule, written in the unit of work of the acceptance that made
 * it (or of the cancellation that left it owed). Every step takes the offer's row lock first,
 * so a payment never moves under a racing cancellation; `version` is its events' aggregateVersion.
 */
export const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payments',
  properties: {
    id: p.uuid().primary(),
    offerId: p.uuid(),
    contractId: p.uuid(),
    creatorId: p.uuid(),
    brandId: p.uuid(),
    /** The agency whose commission splits it (the one acting for the creator at acceptance); null: none. */
    agencyId: p.uuid().strictNullable(),
    seq: p.integer(),
    kind: p.enum(PAYMENT_KINDS),
    name: p.text(),
    amount: p.json<Money>().columnType('jsonb'),
    trigger: p.enum(PAYMENT_TRIGGERS),
    deliverable: p.enum(DELIVERABLE_TYPES).strictNullable(),
    netDays: p.integer(),
    dueAt: p.datetime().columnType('timestamptz').strictNullable(),
    status: p.enum(PAYMENT_STATUSES),
    invoicedAt: p.datetime().columnType('timestamptz').strictNullable(),
    invoiceReference: p.text().strictNullable(),
    paidAt: p.datetime().columnType('timestamptz').strictNullable(),
    paidReference: p.text().strictNullable(),
    disputeSide: p.enum(SIDES).strictNullable(),
    disputeReason: p.text().strictNullable(),
    disputedAt: p.datetime().columnType('timestamptz').strictNullable(),
    voidedAt: p.datetime().columnType('timestamptz').strictNullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
    version: p.integer(),
  },
});
export class Payment extends PaymentSchema.class {}
PaymentSchema.setClass(Payment);

/**
 * Negotiation's copy of roster's commission versions (agency × creator), kept from
 * `roster.evt.commission.changed.v1`; a payment is split by the version in force when its
 * contract was accepted.
 */
export const CommissionVersionSchema = defineEntity({
  name: 'CommissionVersion',
  tableName: 'commission_versions',
  properties: {
    agencyId: p.uuid().primary(),
    creatorId: p.uuid().primary(),
    version: p.integer().primary(),
    percent: p.float().columnType('double precision'),
    splits: p.json<{ userId: string; percent: number }[]>().columnType('jsonb'),
    validFrom: p.datetime().columnType('timestamptz'),
  },
});
export class CommissionVersion extends CommissionVersionSchema.class {}
CommissionVersionSchema.setClass(CommissionVersion);

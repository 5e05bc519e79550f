import { defineEntity, p } from '@mikro-orm/core';

/**
 * Negotiation's append-only record of every decision on an offer, written in the decision's
 * own transaction: who acted, for which creator through which grant, which policy applied,
 * and what the clock decided (deemed approvals). The table refuses UPDATE, DELETE and TRUNCATE.
 */
export const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id: p.uuid().primary(),
    at: p.datetime().columnType('timestamptz'),
    offerId: p.uuid(),
    action: p.text(),
    side: p.text().strictNullable(),
    actorUserId: p.uuid().strictNullable(),
    onBehalfOf: p.uuid().strictNullable(),
    grantId: p.uuid().strictNullable(),
    policyVersion: p.integer().strictNullable(),
    traceId: p.text().strictNullable(),
    details: p.json<Record<string, unknown>>().columnType('jsonb'),
  },
});
export class AuditEntry extends AuditEntrySchema.class {}
AuditEntrySchema.setClass(AuditEntry);

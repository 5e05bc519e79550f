import { defineEntity, p } from '@mikro-orm/core';

/** Append-only: the code has no update or delete path, and a trigger refuses both. */
export const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id: p.uuid().primary(),
    at: p.datetime().columnType('timestamptz'),
    action: p.text(),
    actorUserId: p.uuid().strictNullable(),
    actorOrgId: p.uuid().strictNullable(),
    orgId: p.uuid().strictNullable(),
    onBehalfOf: p.uuid().strictNullable(),
    grantId: p.uuid().strictNullable(),
    targetType: p.text(),
    targetId: p.text(),
    traceId: p.text().strictNullable(),
    details: p.json<Record<string, unknown>>().columnType('jsonb'),
  },
});
export class AuditEntry extends AuditEntrySchema.class {}
AuditEntrySchema.setClass(AuditEntry);

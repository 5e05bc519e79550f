import { defineEntity, p } from '@mikro-orm/core';
import { GRANT_STATUSES, type Scope } from '#libs/contracts';

/** Negotiation's copy of delegation grants, from identity's grant events (reads authorize with it). */
export const GrantProjectionSchema = defineEntity({
  name: 'GrantProjection',
  tableName: 'grants',
  properties: {
    id: p.uuid().primary(),
    agencyId: p.uuid(),
    creatorId: p.uuid(),
    status: p.enum(GRANT_STATUSES),
    scopes: p.json<Scope[]>().columnType('jsonb'),
    expiresAt: p.datetime().columnType('timestamptz').strictNullable(),
    updatedAt: p.datetime().columnType('timestamptz'),
  },
});
export class GrantProjection extends GrantProjectionSchema.class {}
GrantProjectionSchema.setClass(GrantProjection);

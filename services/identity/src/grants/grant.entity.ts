import { defineEntity, p } from '@mikro-orm/core';
import { GRANT_STATUSES, type Scope } from '#libs/contracts';

/**
 * A creator's delegation to an agency. `version` guards concurrent decisions (optimistic
 * lock); a partial unique index allows one open (pending or active) grant per pair.
 */
export const DelegationGrantSchema = defineEntity({
  name: 'DelegationGrant',
  tableName: 'delegation_grants',
  properties: {
    id: p.uuid().primary(),
    agencyId: p.uuid(),
    creatorId: p.uuid(),
    requestedBy: p.uuid(),
    status: p.enum(GRANT_STATUSES),
    scopes: p.json<Scope[]>().columnType('jsonb'),
    requestedScopes: p.json<Scope[]>().columnType('jsonb'),
    expiresAt: p.datetime().columnType('timestamptz').strictNullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
    decidedAt: p.datetime().columnType('timestamptz').strictNullable(),
    endedAt: p.datetime().columnType('timestamptz').strictNullable(),
    endedBy: p.uuid().strictNullable(),
    version: p.integer().version(),
  },
});
export class DelegationGrant extends DelegationGrantSchema.class {}
DelegationGrantSchema.setClass(DelegationGrant);

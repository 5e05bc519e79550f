import { defineEntity, p } from '@mikro-orm/core';
import type { CommissionSplitShare } from './commission.rules.js';

/**
 * An agency's current commission on one roster creator: its percent of each payment and the
 * members' shares of it. `version` counts writes (no row: never set, version 0).
 */
export const CommissionSchema = defineEntity({
  name: 'Commission',
  tableName: 'commissions',
  properties: {
    id: p.uuid().primary(),
    agencyId: p.uuid(),
    creatorId: p.uuid(),
    percent: p.float().columnType('double precision'),
    splits: p.json<CommissionSplitShare[]>().columnType('jsonb'),
    version: p.integer(),
    updatedAt: p.datetime().columnType('timestamptz'),
    updatedBy: p.uuid(),
  },
});
export class Commission extends CommissionSchema.class {}
CommissionSchema.setClass(Commission);

/** Every version of a commission, kept for ever: who set it, when, through which grant. */
export const CommissionChangeSchema = defineEntity({
  name: 'CommissionChange',
  tableName: 'commission_changes',
  properties: {
    id: p.uuid().primary(),
    commissionId: p.uuid(),
    agencyId: p.uuid(),
    creatorId: p.uuid(),
    version: p.integer(),
    percent: p.float().columnType('double precision'),
    splits: p.json<CommissionSplitShare[]>().columnType('jsonb'),
    changedAt: p.datetime().columnType('timestamptz'),
    changedBy: p.uuid(),
    grantId: p.uuid().strictNullable(),
  },
});
export class CommissionChange extends CommissionChangeSchema.class {}
CommissionChangeSchema.setClass(CommissionChange);

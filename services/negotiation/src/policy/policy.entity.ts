import { defineEntity, p } from '@mikro-orm/core';
import type { MinimumPrice } from './policy.rules.js';

/** A creator's negotiation policy; no row means the defaults (version 0). */
export const NegotiationPolicySchema = defineEntity({
  name: 'NegotiationPolicy',
  tableName: 'negotiation_policies',
  properties: {
    creatorId: p.uuid().primary(),
    requireConfirmation: p.boolean(),
    minimumPrices: p.json<MinimumPrice[]>().columnType('jsonb'),
    updatedAt: p.datetime().columnType('timestamptz'),
    version: p.integer().version(),
  },
});
export class NegotiationPolicy extends NegotiationPolicySchema.class {}
NegotiationPolicySchema.setClass(NegotiationPolicy);

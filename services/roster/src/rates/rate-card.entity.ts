import { defineEntity, p } from '@mikro-orm/core';
import type { RateItem } from '#libs/contracts';

/** A creator's current rates; `version` counts writes (0 never exists as a row: no card yet). */
export const RateCardSchema = defineEntity({
  name: 'RateCard',
  tableName: 'rate_cards',
  properties: {
    creatorId: p.uuid().primary(),
    items: p.json<RateItem[]>().columnType('jsonb'),
    version: p.integer(),
    updatedAt: p.datetime().columnType('timestamptz'),
  },
});
export class RateCard extends RateCardSchema.class {}
RateCardSchema.setClass(RateCard);

/** One write of a rate card, kept for ever: who, when, through which grant, old → new. */
export const RateChangeSchema = defineEntity({
  name: 'RateChange',
  tableName: 'rate_changes',
  properties: {
    id: p.uuid().primary(),
    creatorId: p.uuid(),
    version: p.integer(),
    changedAt: p.datetime().columnType('timestamptz'),
    changedBy: p.uuid(),
    grantId: p.uuid().strictNullable(),
    oldItems: p.json<RateItem[]>().columnType('jsonb'),
    newItems: p.json<RateItem[]>().columnType('jsonb'),
  },
});
export class RateChange extends RateChangeSchema.class {}
RateChangeSchema.setClass(RateChange);

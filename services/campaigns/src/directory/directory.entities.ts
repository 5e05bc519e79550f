import { defineEntity, p } from '@mikro-orm/core';
import type { RateItem } from '#libs/contracts';

/**
 * Campaigns' own copies of what other services own, fed by their events, so no request here
 * waits on another service: the creators that exist (identity) and each creator's rate card
 * (roster). Its copy of the delegation grants is the shared one (`GrantCopy`).
 */
export const KnownCreatorSchema = defineEntity({
  name: 'KnownCreator',
  tableName: 'known_creators',
  properties: {
    creatorId: p.uuid().primary(),
    handle: p.text().strictNullable(),
    name: p.text(),
    registeredAt: p.datetime().columnType('timestamptz'),
  },
});
export class KnownCreator extends KnownCreatorSchema.class {}
KnownCreatorSchema.setClass(KnownCreator);

export const RateCardCopySchema = defineEntity({
  name: 'RateCardCopy',
  tableName: 'rate_cards',
  properties: {
    creatorId: p.uuid().primary(),
    version: p.integer(),
    items: p.json<RateItem[]>().columnType('jsonb'),
    changedAt: p.datetime().columnType('timestamptz'),
  },
});
export class RateCardCopy extends RateCardCopySchema.class {}
RateCardCopySchema.setClass(RateCardCopy);

import { defineEntity, p } from '@mikro-orm/core';
import { LIFECYCLE_STATUSES, type Money, type Terms } from '#libs/contracts';

/**
 * An offer and the status of the work it bought. `version` guards concurrent changes
 * (optimistic lock) and is the aggregateVersion of the offer's events; `termsVersion` follows
 * negotiation. The rate-floor fields record the comparison made when the offer was sent and
 * are never rewritten. A partial unique index keeps one open offer per campaign and creator.
 */
export const OfferSchema = defineEntity({
  name: 'Offer',
  tableName: 'offers',
  properties: {
    id: p.uuid().primary(),
    campaignId: p.uuid(),
    brandId: p.uuid(),
    creatorId: p.uuid(),
    status: p.enum(LIFECYCLE_STATUSES),
    price: p.json<Money>().columnType('jsonb'),
    terms: p.json<Terms>().columnType('jsonb'),
    termsVersion: p.integer(),
    respondBy: p.datetime().columnType('timestamptz'),
    belowRateCard: p.boolean().strictNullable(),
    rateCardPrice: p.json<Money>().columnType('jsonb').strictNullable(),
    rateCardVersion: p.integer().strictNullable(),
    sentBy: p.uuid(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
    version: p.integer().version(),
  },
});
export class Offer extends OfferSchema.class {}
OfferSchema.setClass(Offer);

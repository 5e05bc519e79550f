import { defineEntity, p } from '@mikro-orm/core';
import { LIFECYCLE_STATUSES, SIDES, TURNS, type Money, type Terms } from '#libs/contracts';

/**
 * Campaigns' copy of an offer, projected from negotiation's events (negotiation owns the offer):
 * its one lifecycle status, price and terms version for the tabs, counts and campaign detail.
 * The rate-floor fields record the comparison made when the offer was sent and are never
 * rewritten. `currentAuthor` and `turn` say whose move it is for the deals inbox. `version` counts the changes applied here.
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
    /** The side that wrote the current terms, as negotiation's latest event named it. */
    currentAuthor: p.enum(SIDES),
    /** Whose move it is (turnOf), kept with the row so the deals inbox filters and counts on it. */
    turn: p.enum(TURNS).strictNullable(),
    /** The earliest deliverable due date of the terms sent: past it, undelivered work is overdue. */
    firstDueAt: p.datetime().columnType('timestamptz').strictNullable(),
    /** Once cancelled by agreement: what its settlement still commits of the budget (committedAfterCancellation). */
    committedAfterCancellation: p.json<Money>().columnType('jsonb').strictNullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
    version: p.integer().version(),
  },
});
export class Offer extends OfferSchema.class {}
OfferSchema.setClass(Offer);

import { defineEntity, p } from '@mikro-orm/core';
import { OFFER_STATUSES, SIDES, WORK_STATUSES, type Money, type RateCardSnapshot, type Terms } from '#libs/contracts';

/**
 * An offer, owned here from its opening (campaigns asks, having checked the campaign) to its
 * end. The row is the lock every command on the offer takes; `version` grows with every event
 * of the offer and is the events' aggregateVersion. A partial unique index keeps one undecided
 * offer per campaign and creator. The names, rate-floor and sender columns are null for offers
 * opened before negotiation owned the opening.
 */
export const OfferSchema = defineEntity({
  name: 'Offer',
  tableName: 'offers',
  properties: {
    id: p.uuid().primary(),
    campaignId: p.uuid(),
    brandId: p.uuid(),
    creatorId: p.uuid(),
    status: p.enum(OFFER_STATUSES),
    workStatus: p.enum(WORK_STATUSES).strictNullable(),
    currentVersion: p.integer(),
    currentAuthor: p.enum(SIDES),
    respondBy: p.datetime().columnType('timestamptz').strictNullable(),
    closedReason: p.text().strictNullable(),
    /** Under the creator's rate card when sent (campaigns' judgement, sent with the opening); null without a card. */
    belowRateCard: p.boolean().strictNullable(),
    rateCardPrice: p.json<Money>().columnType('jsonb').strictNullable(),
    rateCardVersion: p.integer().strictNullable(),
    /** The card the offer was sent against (null: none, or sent before it was recorded). */
    rateCard: p.json<RateCardSnapshot>().columnType('jsonb').nullable(),
    campaignName: p.text().strictNullable(),
    brandName: p.text().strictNullable(),
    campaignBrief: p.text().strictNullable(),
    creatorHandle: p.text().strictNullable(),
    creatorName: p.text().strictNullable(),
    sentBy: p.uuid().strictNullable(),
    /** While a cancellation waits for an answer: the side that asked. */
    cancellationRequestedBy: p.enum(SIDES).strictNullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
    version: p.integer().version(),
  },
});
export class Offer extends OfferSchema.class {}
OfferSchema.setClass(Offer);

/** One version of an offer's terms; (offer, number) is unique, so two writers cannot both add version n. */
export const TermsVersionSchema = defineEntity({
  name: 'TermsVersion',
  tableName: 'terms_versions',
  properties: {
    id: p.uuid().primary(),
    offerId: p.uuid(),
    number: p.integer(),
    terms: p.json<Terms>().columnType('jsonb'),
    authorSide: p.enum(SIDES),
    actorUserId: p.uuid().strictNullable(),
    onBehalfOf: p.uuid().strictNullable(),
    grantId: p.uuid().strictNullable(),
    /** The creator's negotiation policy version checked for this proposal, when one applied. */
    policyVersion: p.integer().strictNullable(),
    comment: p.text().strictNullable(),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
export class TermsVersion extends TermsVersionSchema.class {}
TermsVersionSchema.setClass(TermsVersion);

/** The immutable record of accepted terms (the table refuses UPDATE and DELETE). */
export const ContractSchema = defineEntity({
  name: 'Contract',
  tableName: 'contracts',
  properties: {
    id: p.uuid().primary(),
    offerId: p.uuid().unique(),
    termsVersion: p.integer(),
    terms: p.json<Terms>().columnType('jsonb'),
    termsHash: p.text(),
    parties: p.json<{ brandId: string; creatorId: string; acceptedBy: { side: string; userId: string | null; onBehalfOf: string | null; grantId: string | null }; confirmedBy: string | null }>().columnType('jsonb'),
    policyVersion: p.integer().strictNullable(),
    acceptedAt: p.datetime().columnType('timestamptz'),
  },
});
export class Contract extends ContractSchema.class {}
ContractSchema.setClass(Contract);

/** An agency's accept waiting for the creator: who accepted, through which grant, under which policy. */
export const PendingAcceptSchema = defineEntity({
  name: 'PendingAccept',
  tableName: 'pending_accepts',
  properties: {
    offerId: p.uuid().primary(),
    termsVersion: p.integer(),
    actorUserId: p.uuid(),
    grantId: p.uuid().strictNullable(),
    policyVersion: p.integer(),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
export class PendingAccept extends PendingAcceptSchema.class {}
PendingAcceptSchema.setClass(PendingAccept);

import { AppError, cardPriceOf, type Settlement, DEFAULT_REVIEW_WINDOW_DAYS, fieldErrors, termsSchema, type Money, type ProposedTerms, type RateItem, type Terms } from '#libs/contracts';

export type OfferDeliverable = Terms['deliverables'][number];

/** Days a creator has to answer when the brand names no date. */
export const DEFAULT_RESPONSE_DAYS = 7;
const DAY_MS = 86_400_000;

/** What an offer's terms say when the brand leaves a term out (negotiation starts from these). */
export const DEFAULT_TERMS = {
  paymentTerms: { upfrontPercent: 0, netDays: 30 },
  usageRightsDays: 0,
  exclusivityDays: 0,
  revisionRounds: 1,
  reviewWindowDays: DEFAULT_REVIEW_WINDOW_DAYS,
} as const satisfies Omit<Terms, 'price' | 'deliverables'>;

/**
 * When the creator must answer by: the brand's date, or 7 days from now, and never after the
 * campaign ends (an answer after that could only buy work the campaign no longer runs). A date
 * the brand names past the campaign's end is refused; the default is cut to the end.
 */
export function respondByFor(requested: string | undefined, now: Date, campaignEndsAt: Date): Date {
  if (campaignEndsAt.getTime() <= now.getTime()) {
    throw new AppError('conflict', 'Campaign ended', `The campaign ended at ${campaignEndsAt.toISOString()}; no offer can be answered in it`);
  }
  if (requested === undefined) return new Date(Math.min(now.getTime() + DEFAULT_RESPONSE_DAYS * DAY_MS, campaignEndsAt.getTime()));
  const at = new Date(requested);
  if (at.getTime() <= now.getTime()) {
    throw new AppError('validation', 'Invalid input', 'respondBy must be in the future', [{ path: 'respondBy', message: 'Must be in the future' }]);
  }
  if (at.getTime() > campaignEndsAt.getTime()) {
    throw new AppError('validation', 'Invalid input', `respondBy must be no later than the campaign's end (${campaignEndsAt.toISOString()})`, [
      { path: 'respondBy', message: "Must be no later than the campaign's end" },
    ]);
  }
  return at;
}

/**
 * Version 1 of the terms: what the brand sent, the defaults for the rest. The whole is checked
 * as negotiation will read it (milestones in the price's currency and within the price), so a
 * bad combination is a 400 on `terms`, never an offer negotiation cannot start from.
 */
export function initialTerms(price: Money, deliverables: OfferDeliverable[], proposed: ProposedTerms = {}): Terms {
  const terms = termsSchema.safeParse({
    price,
    deliverables,
    paymentTerms: proposed.paymentTerms ?? { ...DEFAULT_TERMS.paymentTerms },
    usageRightsDays: proposed.usageRightsDays ?? DEFAULT_TERMS.usageRightsDays,
    exclusivityDays: proposed.exclusivityDays ?? DEFAULT_TERMS.exclusivityDays,
    ...(proposed.exclusivityCategory !== undefined ? { exclusivityCategory: proposed.exclusivityCategory } : {}),
    revisionRounds: proposed.revisionRounds ?? DEFAULT_TERMS.revisionRounds,
    reviewWindowDays: proposed.reviewWindowDays ?? DEFAULT_TERMS.reviewWindowDays,
  });
  if (!terms.success) throw new AppError('validation', 'Invalid input', 'terms failed validation', fieldErrors(terms.error, 'terms'));
  return terms.data;
}

export interface RateCard {
  version: number;
  items: readonly RateItem[];
}

export interface RateFloor {
  belowRateCard: boolean | null;
  rateCardPrice: Money | null;
  rateCardVersion: number | null;
}

const NOT_COMPARED: RateFloor = { belowRateCard: null, rateCardPrice: null, rateCardVersion: null };

/** The rate floor as of sending: recorded with the offer and never recomputed. */
export function rateFloor(card: RateCard | null, price: Money, deliverables: readonly OfferDeliverable[]): RateFloor {
  const cardPrice = cardPriceOf(card, deliverables, price.currency);
  if (!card || !cardPrice) return NOT_COMPARED;
  return { belowRateCard: price.amount < cardPrice.amount, rateCardPrice: cardPrice, rateCardVersion: card.version };
}

/**
 * What a deal cancelled by agreement still binds the brand to: what its settlement left owed, or
 * what was already paid when that is more (the payments kept stand; the excess is a refund the
 * creator side owes back, not money uncommitted). The same figure as its payment schedule less
 * the voided payments, which the campaign's results count.
 */
export function committedAfterCancellation(settlement: Pick<Settlement, 'owed' | 'paid'>): Money {
  return settlement.paid.amount > settlement.owed.amount ? settlement.paid : settlement.owed;
}

import { z } from 'zod';
import type { Money } from '../common/money.js';
import { rateItemSchema } from '../roster/roster.schemas.js';
import type { Terms } from './negotiation.schemas.js';

/** The creator's rate card as an offer was sent against it: recorded with the offer, never recomputed. */
export const rateCardSnapshotSchema = z.object({ version: z.number().int().positive(), items: z.array(rateItemSchema) });
export type RateCardSnapshot = z.infer<typeof rateCardSnapshotSchema>;

type Deliverables = readonly Pick<Terms['deliverables'][number], 'type' | 'quantity'>[];

/**
 * What the card asks for these deliverables: each line's unit price times its quantity, except a
 * `video_series`, which the card prices per series (the quantity is the series' size). Null when
 * the card does not price every line in the offer's currency: a partial or converted comparison
 * would state a floor the creator never set.
 */
export function cardPriceOf(card: { readonly items: readonly RateCardSnapshot['items'][number][] } | null, deliverables: Deliverables, currency: string): Money | null {
  if (!card || card.items.length === 0) return null;
  let amount = 0;
  for (const line of deliverables) {
    const item = card.items.find((i) => i.deliverable === line.type);
    if (!item || item.price.currency !== currency) return null;
    amount += item.price.amount * (line.type === 'video_series' ? 1 : line.quantity);
  }
  return { amount, currency };
}

/**
 * One version of an offer's terms against the card it was sent with: each counter is judged on
 * its own price and deliverables, so a counter below the card is flagged to both sides too.
 */
export function versionRateFloor(card: RateCardSnapshot | null, terms: { price: Money; deliverables: Deliverables }): { belowRateCard: boolean | null; rateCardPrice: Money | null } {
  const cardPrice = cardPriceOf(card, terms.deliverables, terms.price.currency);
  return cardPrice ? { belowRateCard: terms.price.amount < cardPrice.amount, rateCardPrice: cardPrice } : { belowRateCard: null, rateCardPrice: null };
}

import { AppError, DELIVERABLE_TYPES, type RateItem } from '#libs/contracts';

const ORDER = new Map<string, number>(DELIVERABLE_TYPES.map((d, i) => [d, i]));

/**
 * A rate card prices each deliverable once, all in one currency (a brand compares an offer
 * with it, and campaigns' rate floor needs one figure per deliverable). Returns the items in
 * the canonical deliverable order, so equal cards are equal values.
 */
export function validateRateCard(items: readonly RateItem[]): RateItem[] {
  const errors: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const currency = items[0]?.price.currency;
  items.forEach((item, i) => {
    if (seen.has(item.deliverable)) errors.push({ path: `items.${i}.deliverable`, message: `${item.deliverable} is priced twice` });
    seen.add(item.deliverable);
    if (item.price.currency !== currency) {
      errors.push({ path: `items.${i}.price.currency`, message: `Use one currency for the whole card (${currency})` });
    }
  });
  if (errors.length) throw new AppError('validation', 'Invalid input', 'The rate card is not valid', errors);
  return [...items]
    .sort((a, b) => ORDER.get(a.deliverable)! - ORDER.get(b.deliverable)!)
    .map((i) => ({ deliverable: i.deliverable, price: { amount: i.price.amount, currency: i.price.currency } }));
}

export function sameRates(a: readonly RateItem[], b: readonly RateItem[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

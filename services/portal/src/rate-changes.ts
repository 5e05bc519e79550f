import type { RateItem } from './api/types';
import { formatMoney, label } from './format';

/**
 * What one rate-card change did, a phrase per line that changed ("Video: $1,000.00 → $1,200.00",
 * "Story added at $300.00", "Live removed (was $500.00)"), in the card's order; lines that stayed
 * the same are left out, so a history reads as a list of decisions, not two whole cards.
 */
export function rateChanges(before: readonly RateItem[], after: readonly RateItem[]): string[] {
  const old = new Map(before.map((i) => [i.deliverable, i.price]));
  const now = new Map(after.map((i) => [i.deliverable, i.price]));
  const order = [...new Set([...after.map((i) => i.deliverable), ...before.map((i) => i.deliverable)])];
  const phrases: string[] = [];
  for (const d of order) {
    const was = old.get(d);
    const is = now.get(d);
    if (was && is) {
      if (was.amount !== is.amount || was.currency !== is.currency) phrases.push(`${label(d)}: ${formatMoney(was)} → ${formatMoney(is)}`);
    } else if (is) phrases.push(`${label(d)} added at ${formatMoney(is)}`);
    else if (was) phrases.push(`${label(d)} removed (was ${formatMoney(was)})`);
  }
  return phrases;
}

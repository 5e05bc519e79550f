import { z } from 'zod';
import { AppError } from '../problem.js';

/**
 * ISO 4217 currency codes as the runtime's ICU data knows them (Node ships full ICU), so the
 * list follows the standard without a hand-kept copy that drifts.
 */
export const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals, e.g. USD')
  .refine((code) => CURRENCY_CODES.has(code), 'not an ISO 4217 currency code');

/**
 * Money everywhere: integer minor units (cents for USD, yen for JPY) so sums never round,
 * and the currency it is counted in. Amounts are never negative: a price or a budget.
 */
export const moneySchema = z.object({
  amount: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: currencySchema,
});
export type Money = z.infer<typeof moneySchema>;

/**
 * The money rule: an offer is priced in its campaign budget's currency, and a proposal in the
 * offer's. Nothing converts between currencies, so a price in another one is refused (422),
 * naming both, rather than compared or summed as if it were the same money.
 */
export function assertSameCurrency(price: Money, expected: string, path: string, against: string): void {
  if (price.currency === expected) return;
  throw new AppError('unprocessable', 'Currency mismatch', `The price is in ${price.currency} but the ${against} is in ${expected}`, [
    { path, message: `Must be ${expected}` },
  ]);
}

/**
 * The one rounding rule for a percentage of money: `percent` of `amount` rounded DOWN to the
 * minor unit (what is left over goes to whoever takes "the rest": the balance of a payment
 * schedule, the creator's net of a commission). `percent` may have up to two decimals (basis
 * points); computed in BigInt so large amounts never lose a unit.
 */
export function percentShare(amount: number, percent: number): number {
  const basisPoints = Math.round(percent * 100);
  if (!Number.isSafeInteger(amount) || amount < 0 || basisPoints < 0 || basisPoints > 10_000) throw new RangeError(`percentShare(${amount}, ${percent})`);
  return Number((BigInt(amount) * BigInt(basisPoints)) / 10_000n);
}

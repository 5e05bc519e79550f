import { z } from 'zod';

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

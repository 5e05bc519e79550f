/**
 * How money reads to a person, everywhere: the portal's screens and the services' error
 * messages. Amounts travel in minor units; people read major units with the currency
 * ("$8,000.00", "€950.00", "¥5,000"). No imports: the portal bundles this file as it is.
 */
export interface MoneyAmount {
  amount: number;
  currency: string;
}

/** Minor units per major unit as a power of ten (USD 2, JPY 0); 2 for a code the runtime does not know. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in minor units as people write it, in major units with the currency's sign or code. */
export function formatMoney(money: MoneyAmount): string {
  const digits = currencyDigits(money.currency);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(money.amount / 10 ** digits);
  } catch {
    // Not a currency the runtime knows: still major units, with the code after them.
    return `${(money.amount / 10 ** digits).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${money.currency}`;
  }
}

/**
 * An amount in minor units as a plain decimal number of major units ("8000.00", "5000" for JPY),
 * exact (no floating point), without sign or grouping: what a spreadsheet reads as a number
 * beside a currency column.
 */
export function majorUnits(money: MoneyAmount): string {
  const digits = currencyDigits(money.currency);
  const minor = String(Math.abs(Math.trunc(money.amount))).padStart(digits + 1, '0');
  const sign = money.amount < 0 ? '-' : '';
  return digits === 0 ? `${sign}${minor}` : `${sign}${minor.slice(0, -digits)}.${minor.slice(-digits)}`;
}

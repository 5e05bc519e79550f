/** Display rules for numbers the portal shows; KPI tiles and tables share them. */
import { currencyDigits, formatMoney as moneyText, type MoneyAmount } from '../../../libs/contracts/src/common/money-format';
import { DELIVERABLE_LABELS } from '../../../libs/contracts/src/common/words';

export type Money = MoneyAmount;
export { currencyDigits };

/** Money as the services' messages say it too (one rule, in libs/contracts): "$8,000.00"; missing money is a dash. */
export function formatMoney(money: Money | null | undefined): string {
  return money ? moneyText(money) : '—';
}

/** Parses what a person types ("1,250.50") into minor units; null when it is not an amount. */
export function parseMoneyInput(text: string, currency: string): number | null {
  const cleaned = text.replace(/[,\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits = currencyDigits(currency);
  const [whole, frac = ''] = cleaned.split('.');
  if (frac.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || 0);
}

export function toMajorInput(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}

/** 1234 → "1.2K", 1_250_000 → "1.3M"; missing data is a dash, never a zero. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A ratio (0.0523) as a percentage ("5.23%"). */
export function formatRate(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

/** A signed growth ratio: "+1.5%", "−0.3%". */
export function formatGrowth(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const pct = (value * 100).toFixed(1);
  return value > 0 ? `+${pct}%` : value < 0 ? `−${pct.slice(1)}%` : '0.0%';
}

/** 0..100 percentile as an English ordinal ("73rd percentile"). */
export function formatPercentile(p: number | null | undefined): string {
  if (p === null || p === undefined) return '—';
  const n = Math.round(p);
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix} percentile`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

export { DELIVERABLE_LABELS };
export const label = (value: string) => (DELIVERABLE_LABELS as Record<string, string>)[value] ?? value.replace(/_/g, ' ');

/**
 * Demographic shares for a chart: the largest first (genders, countries), or, for bands such as
 * ages ("13-17", "18-24", "45+"), in the order of their lower bound, as people read an age axis.
 */
export function shareBars(map: Record<string, unknown> | null | undefined, order: 'largest' | 'band' = 'largest', top = 8): { name: string; value: number }[] {
  const bars = Object.entries(map ?? {}).map(([name, value]) => ({ name, value: Number(value) }));
  const lower = (name: string) => {
    const n = Number.parseInt(name, 10);
    return Number.isNaN(n) ? Number.POSITIVE_INFINITY : n;
  };
  return order === 'band'
    ? bars.sort((a, b) => lower(a.name) - lower(b.name) || a.name.localeCompare(b.name)).slice(0, top)
    : bars.sort((a, b) => b.value - a.value).slice(0, top);
}

/** Time until a deadline in words ("in 3 days", "in 5 hours", "2 days overdue"), for lists read at a glance. */
export function formatTimeLeft(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const ms = Date.parse(iso) - now.getTime();
  const hours = Math.abs(ms) / 3_600_000;
  const amount = hours >= 48 ? `${Math.floor(hours / 24)} days` : hours >= 1 ? `${Math.floor(hours)} ${Math.floor(hours) === 1 ? 'hour' : 'hours'}` : 'less than an hour';
  return ms >= 0 ? `in ${amount}` : `${amount} overdue`;
}

/** A creator as a list names them: the display name, else the handle, never an id. */
export function creatorName(creator: { handle: string | null; displayName: string | null }): string {
  return creator.displayName ?? (creator.handle ? `@${creator.handle}` : 'A creator');
}

/** A lifecycle status as people say it ("changes proposed"). */
export const statusLabel = (status: string) => status.replace(/_/g, ' ');

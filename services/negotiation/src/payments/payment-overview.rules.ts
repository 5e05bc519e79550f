import type { PaymentStatus, PaymentTotals } from '#libs/contracts';

/**
 * Which total of the payments overview a payment counts towards by its status: `due` while it
 * is owed with its clock running and not yet past due (invoiced included: an invoice does not
 * pay it), `overdue` past its due date. Scheduled payments are not owed yet, disputed ones wait
 * for the dispute, void ones are not owed at all; paid ones count in the month they were paid.
 */
const TOTAL_OF: Record<PaymentStatus, 'due' | 'overdue' | 'paid' | null> = {
  scheduled: null,
  due: 'due',
  invoiced: 'due',
  overdue: 'overdue',
  disputed: null,
  paid: 'paid',
  void: null,
};

/** The statuses a payment counts in a total with whenever it has them (due, overdue), and those counted only when paid in the month. */
export const OWED_STATUSES = (Object.keys(TOTAL_OF) as PaymentStatus[]).filter((s) => TOTAL_OF[s] === 'due' || TOTAL_OF[s] === 'overdue');
export const PAID_STATUSES = (Object.keys(TOTAL_OF) as PaymentStatus[]).filter((s) => TOTAL_OF[s] === 'paid');

/** The UTC month holding `now`: its name (`YYYY-MM`), first instant and the first instant of the next. */
export function utcMonth(now: Date): { month: string; from: Date; to: Date } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return { month: `${y}-${String(m + 1).padStart(2, '0')}`, from: new Date(Date.UTC(y, m, 1)), to: new Date(Date.UTC(y, m + 1, 1)) };
}

/** A group of payments the totals are folded from: one currency and status, and whether paid in the month. */
export interface PaymentGroup {
  currency: string;
  status: PaymentStatus;
  paidThisMonth: boolean;
  amount: number;
}

/** Totals per currency (sorted by currency), in minor units; a currency appears once it has any of the three. */
export function paymentTotals(groups: readonly PaymentGroup[]): PaymentTotals[] {
  const byCurrency = new Map<string, PaymentTotals>();
  for (const g of groups) {
    const total = TOTAL_OF[g.status];
    if (total === null || (total === 'paid' && !g.paidThisMonth)) continue;
    const t = byCurrency.get(g.currency) ?? { currency: g.currency, due: 0, overdue: 0, paidThisMonth: 0 };
    t[total === 'paid' ? 'paidThisMonth' : total] += g.amount;
    byCurrency.set(g.currency, t);
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

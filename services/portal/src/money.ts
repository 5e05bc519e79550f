import type { Payment, PaymentTotals, PendingCancellation } from './api/types';
import { formatMoney } from './format';
import { SETTLEMENT_STAGE_TEXT } from './wording';

type Side = 'brand' | 'creator';

/** Statuses in which a payment is still owed and open to a step (not paid, not void). */
const UNPAID = new Set<Payment['status']>(['scheduled', 'due', 'invoiced', 'overdue', 'disputed']);

/**
 * Which steps the portal offers on a payment to a side that may write (the gateway decides;
 * this only keeps buttons out of sight that would be refused): the creator side invoices a
 * payment whose clock runs (or whose clock the invoice starts), the brand pays what is due or
 * invoiced, either side disputes what is unpaid.
 */
export function paymentSteps(p: Payment, side: Side): ('invoice' | 'paid' | 'dispute')[] {
  const steps: ('invoice' | 'paid' | 'dispute')[] = [];
  if (side === 'creator' && (['due', 'overdue', 'disputed'].includes(p.status) || (p.status === 'scheduled' && p.trigger === 'invoice_received'))) steps.push('invoice');
  if (side === 'brand' && ['due', 'invoiced', 'overdue', 'disputed'].includes(p.status)) steps.push('paid');
  if (UNPAID.has(p.status) && p.status !== 'disputed') steps.push('dispute');
  return steps;
}

/** A payment's split as people read it: who gets how much, in the schedule's order. */
export function splitParts(p: Pick<Payment, 'split'>, managerName: (userId: string) => string = () => 'Manager'): { who: string; amount: number }[] {
  return p.split.map((s) => ({ who: s.party === 'creator' ? 'Creator' : s.party === 'agency' ? 'Agency' : managerName(s.userId ?? ''), amount: s.amount }));
}

/** A `YYYY-MM` month as people say it ("December 2026"), read in UTC as the totals count it. */
export function monthText(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The payments page's three totals, each over every currency ("$150.00 · €20.00"), or "Nothing"
 * when no payment counts towards it.
 */
export function totalTiles(totals: readonly PaymentTotals[], month: string): { key: 'due' | 'overdue' | 'paidThisMonth'; label: string; value: string }[] {
  const sum = (key: 'due' | 'overdue' | 'paidThisMonth') =>
    totals.filter((t) => t[key] > 0).map((t) => formatMoney({ amount: t[key], currency: t.currency })).join(' · ') || 'Nothing';
  return [
    { key: 'due', label: 'Due', value: sum('due') },
    { key: 'overdue', label: 'Overdue', value: sum('overdue') },
    { key: 'paidThisMonth', label: `Paid in ${monthText(month)}`, value: sum('paidThisMonth') },
  ];
}

/**
 * What accepting a pending cancellation would leave owed, one line per stage of the work as the
 * settlement rule decides it, marking the stage the work is at now.
 */
export function settlementLines(c: PendingCancellation): { stage: string; owed: string; detail: string; current: boolean }[] {
  return c.settlement.byStage.map((s) => {
    const notes = [`${s.percentOwed} % of the price`];
    if (s.voidedPayments > 0) notes.push(`${s.voidedPayments} unpaid ${s.voidedPayments === 1 ? 'payment' : 'payments'} no longer owed`);
    if (s.refundDue.amount > 0) notes.push(`${formatMoney(s.refundDue)} paid beyond it to return`);
    return { stage: SETTLEMENT_STAGE_TEXT[s.stage], owed: formatMoney(s.owed), detail: notes.join('; '), current: s.stage === c.settlement.stage };
  });
}

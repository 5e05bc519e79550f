import type { Payment } from './api/types';

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
export function splitParts(p: Payment, managerName: (userId: string) => string = () => 'Manager'): { who: string; amount: number }[] {
  return p.split.map((s) => ({ who: s.party === 'creator' ? 'Creator' : s.party === 'agency' ? 'Agency' : managerName(s.userId ?? ''), amount: s.amount }));
}

import { percentShare, type DeliverableType, type PaymentKind, type PaymentTrigger, type Terms } from '#libs/contracts';

/**
 * The payment schedule of accepted terms, made once at acceptance. Amounts are integer minor
 * units and always add up to the price: the upfront share is `upfrontPercent` of the price
 * rounded DOWN (`percentShare`), each milestone is the amount negotiated, and the balance is
 * the rest (so every rounding remainder lands in the balance). Lines of zero are left out.
 *
 * Due dates come from triggers: a line's `dueAt` is its trigger's moment plus `netDays`, and is
 * null until that moment has come (a dated milestone's moment is its date, known at once).
 */
export interface PlannedPayment {
  seq: number;
  kind: PaymentKind;
  name: string;
  amount: number;
  trigger: PaymentTrigger;
  deliverable: DeliverableType | null;
  dueAt: Date | null;
}

const DAY_MS = 86_400_000;

/** The moment plus the terms' `netDays`. */
export function dueAfter(moment: Date, netDays: number): Date {
  return new Date(moment.getTime() + netDays * DAY_MS);
}

export function paymentSchedule(terms: Terms): PlannedPayment[] {
  const price = terms.price.amount;
  const { upfrontPercent, netDays, milestones = [] } = terms.paymentTerms;
  const upfront = percentShare(price, upfrontPercent);
  const milestoneTotal = milestones.reduce((sum, m) => sum + m.amount.amount, 0);
  const balance = price - upfront - milestoneTotal;
  // The terms schema refuses this; a contract that broke it would schedule money never agreed.
  if (balance < 0) throw new Error(`payment schedule: upfront ${upfront} and milestones ${milestoneTotal} exceed the price ${price}`);
  const lines: Omit<PlannedPayment, 'seq'>[] = [];
  if (upfront > 0) {
    lines.push({ kind: 'upfront', name: `Upfront ${upfrontPercent}%`, amount: upfront, trigger: terms.paymentTerms.clockStart ?? 'contract_signed', deliverable: null, dueAt: null });
  }
  for (const m of milestones) {
    if (m.amount.amount === 0) continue;
    lines.push({
      kind: 'milestone',
      name: m.name,
      amount: m.amount.amount,
      trigger: m.trigger,
      deliverable: m.trigger === 'deliverable_approved' ? (m.deliverable ?? null) : null,
      dueAt: m.trigger === 'date' && m.dueAt ? dueAfter(new Date(m.dueAt), netDays) : null,
    });
  }
  if (balance > 0) lines.push({ kind: 'balance', name: 'Balance', amount: balance, trigger: 'work_approved', deliverable: null, dueAt: null });
  return lines.map((line, i) => ({ seq: i + 1, ...line }));
}

/** Something that happened to the contract and may start payments' clocks. */
export type Occurrence =
  | { type: 'contract_signed'; at: Date }
  | { type: 'content_published'; at: Date }
  | { type: 'deliverable_approved'; deliverable: DeliverableType; at: Date }
  | { type: 'work_approved'; at: Date };

/**
 * Whether `occurrence` is the trigger of a payment still waiting for one. The invoice trigger
 * is the invoice itself (the payment state machine starts that clock).
 */
export function isTriggeredBy(payment: { trigger: PaymentTrigger; deliverable: DeliverableType | null }, occurrence: Occurrence): boolean {
  if (payment.trigger !== occurrence.type) return false;
  return occurrence.type !== 'deliverable_approved' || payment.deliverable === occurrence.deliverable;
}

/**
 * What an approval means for the schedule: the deliverable's own milestones, the first approved
 * content (the `content_published` clock), and, once every deliverable is approved, the balance.
 * Repeated occurrences are harmless: only payments still `scheduled` start a clock.
 */
export function occurrencesOfApproval(deliverable: DeliverableType, workApproved: boolean, at: Date): Occurrence[] {
  return [
    { type: 'deliverable_approved', deliverable, at },
    { type: 'content_published', at },
    ...(workApproved ? [{ type: 'work_approved', at } as const] : []),
  ];
}

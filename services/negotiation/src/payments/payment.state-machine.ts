import { AppError, type PaymentStatus, type PaymentTrigger } from '#libs/contracts';
import { dueAfter } from './payment-schedule.rules.js';

/**
 * One payment of a schedule: scheduled (its trigger has not happened) → due (its clock runs,
 * `dueAt` known) → invoiced (the creator side sent its invoice) → paid (the brand says so).
 * Past `dueAt` unpaid it is overdue; either side may dispute it (which stops the overdue clock
 * until it is invoiced again or paid); a cancellation voids what is no longer owed.
 */
export type PaymentCommandType = 'start-clock' | 'invoice' | 'pay' | 'dispute' | 'mark-overdue' | 'void';

export type PaymentCommand =
  | { type: 'start-clock'; at: Date; netDays: number }
  | { type: 'invoice'; at: Date; netDays: number }
  | { type: 'pay' }
  | { type: 'dispute' }
  | { type: 'mark-overdue' }
  | { type: 'void' };

export interface PaymentState {
  status: PaymentStatus;
  trigger: PaymentTrigger;
  dueAt: Date | null;
}

export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, Readonly<Partial<Record<PaymentCommandType, PaymentStatus>>>>> = {
  scheduled: { 'start-clock': 'due', invoice: 'invoiced', dispute: 'disputed', void: 'void' },
  due: { invoice: 'invoiced', pay: 'paid', dispute: 'disputed', 'mark-overdue': 'overdue', void: 'void' },
  invoiced: { pay: 'paid', dispute: 'disputed', 'mark-overdue': 'overdue', void: 'void' },
  // An invoice sent late records the invoice; the payment stays overdue until paid.
  overdue: { invoice: 'overdue', pay: 'paid', dispute: 'disputed', void: 'void' },
  disputed: { invoice: 'invoiced', pay: 'paid', void: 'void' },
  paid: {},
  void: {},
};

/** 409 naming the payment's status, as the offer's machine does. */
export class IllegalPaymentTransitionError extends AppError {
  constructor(
    readonly current: PaymentStatus,
    readonly command: PaymentCommandType,
  ) {
    super('conflict', 'Payment state conflict', `The payment is ${current}; ${command} is not possible`);
  }
}

/** Unpaid and not void: still owed. */
export function isOutstanding(status: PaymentStatus): boolean {
  return status !== 'paid' && status !== 'void';
}

/** Past its due date, unpaid, not disputed, not already marked. */
export function isOverdue(state: PaymentState, now: Date): boolean {
  return (state.status === 'due' || state.status === 'invoiced') && state.dueAt !== null && now.getTime() > state.dueAt.getTime();
}

export function transitionPayment(state: PaymentState, command: PaymentCommand, now: Date): { status: PaymentStatus; dueAt: Date | null } {
  const next = PAYMENT_TRANSITIONS[state.status][command.type];
  if (!next) throw new IllegalPaymentTransitionError(state.status, command.type);
  switch (command.type) {
    case 'start-clock':
      return { status: next, dueAt: dueAfter(command.at, command.netDays) };
    case 'invoice':
      if (state.status === 'scheduled') {
        // Only a payment whose clock the invoice starts may be invoiced before its trigger.
        if (state.trigger !== 'invoice_received') throw new AppError('conflict', 'Payment state conflict', 'The payment is scheduled; its trigger has not happened, so it cannot be invoiced yet');
        return { status: next, dueAt: dueAfter(command.at, command.netDays) };
      }
      return { status: next, dueAt: state.dueAt };
    case 'mark-overdue':
      if (!isOverdue(state, now)) throw new IllegalPaymentTransitionError(state.status, command.type);
      return { status: next, dueAt: state.dueAt };
    default:
      return { status: next, dueAt: state.dueAt };
  }
}

/** The status a payment starts in: due when its moment is already known (a dated milestone). */
export function initialStatus(dueAt: Date | null): PaymentStatus {
  return dueAt ? 'due' : 'scheduled';
}

import { AppError, type PaymentStatus } from '#libs/contracts';
import { initialStatus, isOverdue, PAYMENT_TRANSITIONS, transitionPayment, type PaymentCommand, type PaymentState } from './payment.state-machine.js';

const now = new Date('2027-02-01T00:00:00Z');
const state = (status: PaymentStatus, dueAt: Date | null = new Date('2027-01-15T00:00:00Z'), trigger: PaymentState['trigger'] = 'contract_signed'): PaymentState => ({ status, trigger, dueAt });
const conflict = (s: PaymentState, c: PaymentCommand) => {
  try {
    transitionPayment(s, c, now);
  } catch (err) {
    return (err as AppError).code + ': ' + (err as AppError).detail;
  }
  return 'allowed';
};

describe('payment state machine', () => {
  it('scheduled → due when its trigger comes (dueAt = trigger + netDays) → invoiced → paid', () => {
    const due = transitionPayment(state('scheduled', null), { type: 'start-clock', at: new Date('2027-01-01T00:00:00Z'), netDays: 10 }, now);
    expect(due).toEqual({ status: 'due', dueAt: new Date('2027-01-11T00:00:00Z') });
    const invoiced = transitionPayment({ ...state('due'), ...due }, { type: 'invoice', at: now, netDays: 10 }, now);
    expect(invoiced).toEqual({ status: 'invoiced', dueAt: due.dueAt });
    expect(transitionPayment({ ...state('invoiced'), ...invoiced }, { type: 'pay' }, now).status).toBe('paid');
  });

  it('an invoice starts the clock of an invoice-triggered payment; any other scheduled payment cannot be invoiced yet', () => {
    expect(transitionPayment(state('scheduled', null, 'invoice_received'), { type: 'invoice', at: now, netDays: 5 }, now)).toEqual({ status: 'invoiced', dueAt: new Date('2027-02-06T00:00:00Z') });
    expect(conflict(state('scheduled', null), { type: 'invoice', at: now, netDays: 5 })).toBe('conflict: The payment is scheduled; its trigger has not happened, so it cannot be invoiced yet');
  });

  it('is overdue only past its due date, unpaid and undisputed', () => {
    expect(isOverdue(state('due'), now)).toBe(true);
    expect(isOverdue(state('invoiced'), now)).toBe(true);
    expect(isOverdue(state('due', new Date(now.getTime())), now)).toBe(false);
    for (const s of ['scheduled', 'paid', 'disputed', 'void', 'overdue'] as const) expect(isOverdue(state(s), now)).toBe(false);
    expect(transitionPayment(state('due'), { type: 'mark-overdue' }, now).status).toBe('overdue');
    expect(conflict(state('due', new Date('2027-03-01T00:00:00Z')), { type: 'mark-overdue' })).toBe('conflict: The payment is due; mark-overdue is not possible');
  });

  it('either side disputes an unpaid payment; paid and void are final', () => {
    for (const s of ['scheduled', 'due', 'invoiced', 'overdue'] as const) expect(transitionPayment(state(s), { type: 'dispute' }, now).status).toBe('disputed');
    expect(conflict(state('disputed'), { type: 'dispute' })).toBe('conflict: The payment is disputed; dispute is not possible');
    for (const s of ['paid', 'void'] as const) {
      expect(Object.keys(PAYMENT_TRANSITIONS[s])).toEqual([]);
      expect(conflict(state(s), { type: 'pay' })).toBe(`conflict: The payment is ${s}; pay is not possible`);
    }
  });

  it('a cancellation voids anything unpaid', () => {
    for (const s of ['scheduled', 'due', 'invoiced', 'overdue', 'disputed'] as const) expect(transitionPayment(state(s), { type: 'void' }, now).status).toBe('void');
  });

  it('starts due when its date is known, scheduled otherwise', () => {
    expect(initialStatus(new Date())).toBe('due');
    expect(initialStatus(null)).toBe('scheduled');
  });
});

import { describe, expect, it } from '@jest/globals';
import { PAYMENT_STATUSES } from '#libs/contracts';
import { OWED_STATUSES, PAID_STATUSES, paymentTotals, utcMonth, type PaymentGroup } from './payment-overview.rules.js';

describe('payments overview totals', () => {
  it('counts due and invoiced as due, overdue as overdue, paid only in the month', () => {
    const groups: PaymentGroup[] = [
      { currency: 'USD', status: 'due', paidThisMonth: false, amount: 100 },
      { currency: 'USD', status: 'invoiced', paidThisMonth: false, amount: 20 },
      { currency: 'USD', status: 'overdue', paidThisMonth: false, amount: 7 },
      { currency: 'USD', status: 'paid', paidThisMonth: true, amount: 300 },
      { currency: 'USD', status: 'paid', paidThisMonth: false, amount: 5_000 },
      { currency: 'USD', status: 'scheduled', paidThisMonth: false, amount: 9_000 },
      { currency: 'USD', status: 'disputed', paidThisMonth: false, amount: 9_000 },
      { currency: 'USD', status: 'void', paidThisMonth: false, amount: 9_000 },
    ];
    expect(paymentTotals(groups)).toEqual([{ currency: 'USD', due: 120, overdue: 7, paidThisMonth: 300 }]);
  });

  it('keeps currencies apart, sorted, and leaves out one with nothing to count', () => {
    const groups: PaymentGroup[] = [
      { currency: 'USD', status: 'overdue', paidThisMonth: false, amount: 1 },
      { currency: 'EUR', status: 'paid', paidThisMonth: true, amount: 2 },
      { currency: 'GBP', status: 'scheduled', paidThisMonth: false, amount: 3 },
    ];
    expect(paymentTotals(groups)).toEqual([
      { currency: 'EUR', due: 0, overdue: 0, paidThisMonth: 2 },
      { currency: 'USD', due: 0, overdue: 1, paidThisMonth: 0 },
    ]);
  });

  it('never counts a payment twice: each status goes to at most one total', () => {
    const groups = PAYMENT_STATUSES.map((status) => ({ currency: 'USD', status, paidThisMonth: true, amount: 1 }));
    const [t] = paymentTotals(groups);
    expect(t!.due + t!.overdue + t!.paidThisMonth).toBe(4);
  });

  it('names the statuses that can count, so a read need not look at the others', () => {
    expect([...OWED_STATUSES].sort()).toEqual(['due', 'invoiced', 'overdue']);
    expect(PAID_STATUSES).toEqual(['paid']);
  });

  it('takes the UTC month, across a year end and at its edges', () => {
    expect(utcMonth(new Date('2026-12-31T23:59:59.999Z'))).toEqual({ month: '2026-12', from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
    expect(utcMonth(new Date('2027-01-01T00:00:00Z')).month).toBe('2027-01');
  });
});

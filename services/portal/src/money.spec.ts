import type { Payment } from './api/types';
import { monthText, paymentSteps, settlementLines, splitParts, totalTiles } from './money';

const payment = (over: Partial<Payment>): Payment =>
  ({
    id: 'p1', offerId: 'o1', seq: 1, kind: 'upfront', name: 'Upfront', amount: { amount: 30_000, currency: 'USD' }, trigger: 'contract_signed', deliverable: null,
    dueAt: null, status: 'scheduled', invoicedAt: null, invoiceReference: null, paidAt: null, paidReference: null, dispute: null, voidedAt: null,
    split: [{ party: 'creator', userId: 'c', amount: 24_000 }, { party: 'agency', userId: null, amount: 4_500 }, { party: 'manager', userId: 'm', amount: 1_500 }],
    commission: null, version: 1, ...over,
  }) as Payment;

describe('payment steps offered to each side', () => {
  it('the creator side invoices what is due (or starts an invoice clock), the brand pays what is due or invoiced', () => {
    expect(paymentSteps(payment({ status: 'scheduled' }), 'creator')).toEqual(['dispute']);
    expect(paymentSteps(payment({ status: 'scheduled', trigger: 'invoice_received' }), 'creator')).toEqual(['invoice', 'dispute']);
    expect(paymentSteps(payment({ status: 'due' }), 'creator')).toEqual(['invoice', 'dispute']);
    expect(paymentSteps(payment({ status: 'invoiced' }), 'brand')).toEqual(['paid', 'dispute']);
    expect(paymentSteps(payment({ status: 'disputed' }), 'brand')).toEqual(['paid']);
  });

  it('offers nothing on what is paid or void', () => {
    for (const status of ['paid', 'void'] as const) {
      expect(paymentSteps(payment({ status }), 'brand')).toEqual([]);
      expect(paymentSteps(payment({ status }), 'creator')).toEqual([]);
    }
  });
});

it('names each share of the split', () => {
  expect(splitParts(payment({}), (id) => `Manager ${id}`)).toEqual([
    { who: 'Creator', amount: 24_000 },
    { who: 'Agency', amount: 4_500 },
    { who: 'Manager m', amount: 1_500 },
  ]);
});

describe('payments page totals', () => {
  it('names the month and sums each total across currencies, or says nothing counts', () => {
    const totals = [
      { currency: 'EUR', due: 2_000, overdue: 0, paidThisMonth: 0 },
      { currency: 'USD', due: 15_000, overdue: 40_000, paidThisMonth: 0 },
    ];
    expect(totalTiles(totals, '2026-12')).toEqual([
      { key: 'due', label: 'Due', value: '€20.00 · $150.00' },
      { key: 'overdue', label: 'Overdue', value: '$400.00' },
      { key: 'paidThisMonth', label: 'Paid in December 2026', value: 'Nothing' },
    ]);
    expect(monthText('2027-01')).toBe('January 2027');
  });
});

describe('a pending cancellation\'s settlement by stage', () => {
  it('says what would be owed at each stage, what becomes void or is to return, and marks the stage now', () => {
    const usd = (amount: number) => ({ amount, currency: 'USD' });
    const lines = settlementLines({
      id: 'c1',
      requestedBy: { side: 'brand', userId: 'u', name: 'Bea', organization: null },
      reason: 'Launch moved',
      requestedAt: '2026-12-04T10:00:00.000Z',
      settlement: {
        stage: 'after_submission',
        byStage: [
          { stage: 'before_submission', percentOwed: 0, owed: usd(0), refundDue: usd(30_000), voidedPayments: 2 },
          { stage: 'after_submission', percentOwed: 10, owed: usd(10_000), refundDue: usd(20_000), voidedPayments: 1 },
          { stage: 'after_approval', percentOwed: 100, owed: usd(100_000), refundDue: usd(0), voidedPayments: 0 },
        ],
      },
    });
    expect(lines).toEqual([
      { stage: 'Before any draft', owed: '$0.00', detail: '0 % of the price; 2 unpaid payments no longer owed; $300.00 paid beyond it to return', current: false },
      { stage: 'After a draft was submitted', owed: '$100.00', detail: '10 % of the price; 1 unpaid payment no longer owed; $200.00 paid beyond it to return', current: true },
      { stage: 'After every deliverable was approved', owed: '$1,000.00', detail: '100 % of the price', current: false },
    ]);
  });
});

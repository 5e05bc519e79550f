import type { Payment } from './api/types';
import { paymentSteps, splitParts } from './money';

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

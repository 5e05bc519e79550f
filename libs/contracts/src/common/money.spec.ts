import { moneySchema } from './money.js';
import { deliverableTypeSchema } from './deliverables.js';

describe('money', () => {
  it.each([
    [{ amount: 150000, currency: 'USD' }],
    [{ amount: 0, currency: 'EUR' }],
    [{ amount: 5000, currency: 'JPY' }],
  ])('accepts %j', (money) => {
    expect(moneySchema.parse(money)).toEqual(money);
  });

  it.each([
    ['a fraction of a minor unit', { amount: 10.5, currency: 'USD' }],
    ['a negative amount', { amount: -1, currency: 'USD' }],
    ['a lowercase code', { amount: 100, currency: 'usd' }],
    ['a code that is not ISO 4217', { amount: 100, currency: 'ABC' }],
    ['a missing currency', { amount: 100 }],
  ])('refuses %s', (_why, money) => {
    expect(moneySchema.safeParse(money).success).toBe(false);
  });
});

describe('deliverable types', () => {
  it('names what rate cards price and nothing else', () => {
    expect(deliverableTypeSchema.safeParse('usage_rights_30d').success).toBe(true);
    expect(deliverableTypeSchema.safeParse('billboard').success).toBe(false);
  });
});

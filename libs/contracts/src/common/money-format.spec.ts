import { currencyDigits, formatMoney, majorUnits } from './money-format.js';

describe('formatMoney', () => {
  it.each([
    [{ amount: 800000, currency: 'USD' }, '$8,000.00'],
    [{ amount: 95000, currency: 'EUR' }, '€950.00'],
    [{ amount: 5000, currency: 'JPY' }, '¥5,000'],
    [{ amount: 5, currency: 'USD' }, '$0.05'],
    [{ amount: 123456, currency: 'KWD' }, 'KWD 123.456'],
  ])('reads %j as %s (major units, with the currency)', (money, text) => {
    expect(formatMoney(money).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it('knows how many minor units each currency has', () => {
    expect([currencyDigits('USD'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([2, 0, 3]);
  });
});

describe('majorUnits', () => {
  it.each([
    [{ amount: 800000, currency: 'USD' }, '8000.00'],
    [{ amount: 5, currency: 'USD' }, '0.05'],
    [{ amount: 0, currency: 'EUR' }, '0.00'],
    [{ amount: 5000, currency: 'JPY' }, '5000'],
    [{ amount: 123456, currency: 'KWD' }, '123.456'],
    [{ amount: -1999, currency: 'USD' }, '-19.99'],
    // Past 2^53 / 100 a division would round; the digits are moved, not divided.
    [{ amount: 900719925474099, currency: 'USD' }, '9007199254740.99'],
  ])('writes %j as %s: exact major units, no sign or grouping', (money, text) => {
    expect(majorUnits(money)).toBe(text);
  });
});

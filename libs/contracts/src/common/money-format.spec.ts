import { currencyDigits, formatMoney } from './money-format.js';

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

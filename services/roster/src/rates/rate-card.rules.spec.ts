import { AppError, type RateItem } from '#libs/contracts';
import { sameRates, validateRateCard } from './rate-card.rules.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('rate card rules', () => {
  it('orders items canonically so equal cards compare equal', () => {
    const a: RateItem[] = [
      { deliverable: 'usage_rights_30d', price: usd(25_000) },
      { deliverable: 'video', price: usd(150_000) },
    ];
    expect(validateRateCard(a).map((i) => i.deliverable)).toEqual(['video', 'usage_rights_30d']);
    expect(sameRates(validateRateCard(a), validateRateCard([...a].reverse()))).toBe(true);
    expect(validateRateCard([])).toEqual([]);
  });

  it('refuses a deliverable priced twice, naming the field', () => {
    const err = errorOf(() => validateRateCard([{ deliverable: 'video', price: usd(1) }, { deliverable: 'video', price: usd(2) }]));
    expect(err).toMatchObject({ status: 400, errors: [{ path: 'items.1.deliverable' }] });
  });

  it('refuses mixed currencies, naming the field', () => {
    const err = errorOf(() =>
      validateRateCard([
        { deliverable: 'video', price: usd(1) },
        { deliverable: 'live', price: { amount: 2, currency: 'EUR' } },
      ]),
    );
    expect(err).toMatchObject({ status: 400, errors: [{ path: 'items.1.price.currency' }] });
  });
});

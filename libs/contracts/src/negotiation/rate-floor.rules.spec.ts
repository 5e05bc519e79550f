import { cardPriceOf, versionRateFloor } from './rate-floor.rules.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const card = { version: 3, items: [{ deliverable: 'video' as const, price: usd(100_000) }, { deliverable: 'usage_rights_30d' as const, price: usd(20_000) }, { deliverable: 'video_series' as const, price: usd(400_000) }] };
const lines = (...l: [Parameters<typeof cardPriceOf>[1][number]['type'], number][]) => l.map(([type, quantity]) => ({ type, quantity }));

describe('rate floor', () => {
  it('prices each line by the card, a series per series', () => {
    expect(cardPriceOf(card, lines(['video', 2], ['usage_rights_30d', 3]), 'USD')).toEqual(usd(260_000));
    expect(cardPriceOf(card, lines(['video_series', 5]), 'USD')).toEqual(usd(400_000));
  });

  it('judges each version on its own price and deliverables', () => {
    const sent = { price: usd(200_000), deliverables: lines(['video', 2]) };
    expect(versionRateFloor(card, sent)).toEqual({ belowRateCard: false, rateCardPrice: usd(200_000) });
    // A counter that adds a video at the same price falls under the card.
    expect(versionRateFloor(card, { ...sent, deliverables: lines(['video', 3]) })).toEqual({ belowRateCard: true, rateCardPrice: usd(300_000) });
    expect(versionRateFloor(card, { ...sent, price: usd(199_999) })).toEqual({ belowRateCard: true, rateCardPrice: usd(200_000) });
  });

  it('says nothing without a card, for a line the card does not price, or in another currency', () => {
    const none = { belowRateCard: null, rateCardPrice: null };
    expect(versionRateFloor(null, { price: usd(1), deliverables: lines(['video', 1]) })).toEqual(none);
    expect(versionRateFloor({ version: 1, items: [] }, { price: usd(1), deliverables: lines(['video', 1]) })).toEqual(none);
    expect(versionRateFloor(card, { price: usd(1), deliverables: lines(['video', 1], ['live', 1]) })).toEqual(none);
    expect(versionRateFloor(card, { price: { amount: 1, currency: 'EUR' }, deliverables: lines(['video', 1]) })).toEqual(none);
  });
});

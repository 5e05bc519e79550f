import { rateChanges } from './rate-changes';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('rateChanges', () => {
  it('names only the lines that changed, added or went', () => {
    const before = [{ deliverable: 'video' as const, price: usd(100_000) }, { deliverable: 'live' as const, price: usd(50_000) }, { deliverable: 'story' as const, price: usd(30_000) }];
    const after = [{ deliverable: 'video' as const, price: usd(120_000) }, { deliverable: 'story' as const, price: usd(30_000) }, { deliverable: 'video_series' as const, price: usd(250_000) }];
    expect(rateChanges(before, after)).toEqual(['Video: $1,000.00 → $1,200.00', 'Video series added at $2,500.00', 'Live stream removed (was $500.00)']);
  });

  it('reads a first card as lines added, and says nothing of an unchanged save', () => {
    expect(rateChanges([], [{ deliverable: 'video', price: usd(80_000) }])).toEqual(['Video added at $800.00']);
    expect(rateChanges([{ deliverable: 'video', price: usd(80_000) }], [{ deliverable: 'video', price: usd(80_000) }])).toEqual([]);
  });

  it('counts a change of currency as a change', () => {
    expect(rateChanges([{ deliverable: 'story', price: usd(30_000) }], [{ deliverable: 'story', price: { amount: 30_000, currency: 'EUR' } }])).toEqual(['Story: $300.00 → €300.00']);
  });
});

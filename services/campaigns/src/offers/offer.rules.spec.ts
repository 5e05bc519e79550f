import { AppError, assertSameCurrency, nextDeadline } from '#libs/contracts';
import { committedAfterCancellation, initialTerms, rateFloor, respondByFor, type OfferDeliverable, type RateCard } from './offer.rules.js';

const now = new Date('2026-11-23T12:00:00Z');
const usd = (amount: number) => ({ amount, currency: 'USD' });
const card: RateCard = {
  version: 3,
  items: [
    { deliverable: 'video', price: usd(100_000) },
    { deliverable: 'video_series', price: usd(400_000) },
    { deliverable: 'usage_rights_30d', price: usd(20_000) },
  ],
};
const lines = (...l: [OfferDeliverable['type'], number][]): OfferDeliverable[] => l.map(([type, quantity]) => ({ type, quantity, dueAt: '2026-12-15T00:00:00.000Z' }));

describe('rate floor', () => {
  it('flags a price under the card and records what it was compared with', () => {
    expect(rateFloor(card, usd(199_999), lines(['video', 2]))).toEqual({ belowRateCard: true, rateCardPrice: usd(200_000), rateCardVersion: 3 });
    expect(rateFloor(card, usd(200_000), lines(['video', 2]))).toEqual({ belowRateCard: false, rateCardPrice: usd(200_000), rateCardVersion: 3 });
  });

  it('says null when there is no card, an empty card, a deliverable the card does not price, or another currency', () => {
    const none = { belowRateCard: null, rateCardPrice: null, rateCardVersion: null };
    expect(rateFloor(null, usd(1), lines(['video', 1]))).toEqual(none);
    expect(rateFloor({ version: 1, items: [] }, usd(1), lines(['video', 1]))).toEqual(none);
    expect(rateFloor(card, usd(1), lines(['video', 1], ['live', 1]))).toEqual(none);
    expect(rateFloor(card, { amount: 1, currency: 'EUR' }, lines(['video', 1]))).toEqual(none);
  });
});

describe('offer defaults', () => {
  const ends = new Date('2027-01-31T00:00:00Z');
  it('gives 7 days to answer when no date is named, and refuses a date already past', () => {
    expect(respondByFor(undefined, now, ends).toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(respondByFor('2026-12-01T00:00:00Z', now, ends).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(() => respondByFor(now.toISOString(), now, ends)).toThrow(AppError);
  });

  it("never lets the answer come after the campaign's end", () => {
    const soon = new Date('2026-11-25T00:00:00Z');
    expect(respondByFor(undefined, now, soon)).toEqual(soon);
    const late = (() => {
      try {
        respondByFor('2026-11-26T00:00:00Z', now, soon);
      } catch (err) {
        return err as AppError;
      }
    })();
    expect(late).toMatchObject({ code: 'validation', errors: [{ path: 'respondBy' }] });
    expect(() => respondByFor(undefined, now, new Date('2026-11-01T00:00:00Z'))).toThrow(AppError);
  });
});

describe('money rule', () => {
  it('refuses a price in another currency than the budget, naming both (422)', () => {
    expect(() => assertSameCurrency(usd(5), 'USD', 'price.currency', 'campaign budget')).not.toThrow();
    try {
      assertSameCurrency({ amount: 5, currency: 'EUR' }, 'USD', 'price.currency', 'campaign budget');
      throw new Error('accepted');
    } catch (err) {
      expect(err).toMatchObject({ code: 'unprocessable', detail: 'The price is in EUR but the campaign budget is in USD', errors: [{ path: 'price.currency', message: 'Must be USD' }] });
    }
  });

  it('fills the terms the brand left out', () => {
    expect(initialTerms(usd(5), lines(['video', 1]), { revisionRounds: 3 })).toEqual({
      price: usd(5),
      deliverables: lines(['video', 1]),
      paymentTerms: { upfrontPercent: 0, netDays: 30 },
      usageRightsDays: 0,
      exclusivityDays: 0,
      revisionRounds: 3,
      reviewWindowDays: 14,
    });
  });

  it('refuses terms negotiation could not start from, naming the field', () => {
    const milestones = [{ name: 'Signing', amount: usd(6), trigger: 'contract_signed' as const }];
    try {
      initialTerms(usd(5), lines(['video', 1]), { paymentTerms: { upfrontPercent: 0, netDays: 30, milestones } });
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).errors?.map((e) => e.path)).toEqual(['terms.paymentTerms.milestones']);
    }
  });
});

describe('next deadline', () => {
  const respondBy = new Date('2026-11-30T12:00:00Z');
  const work: OfferDeliverable[] = [
    { type: 'video', quantity: 1, dueAt: '2026-11-20T00:00:00.000Z' },
    { type: 'live', quantity: 1, dueAt: '2026-12-20T00:00:00.000Z' },
    { type: 'story', quantity: 1, dueAt: '2026-12-10T00:00:00.000Z' },
  ];
  it('is the answer deadline while pending, the next due date while active, none when settled', () => {
    const due = (ds: OfferDeliverable[]) => ds.map((d) => d.dueAt);
    expect(nextDeadline('changes_proposed', respondBy, due(work), now)).toEqual(respondBy);
    expect(nextDeadline('content_submitted', respondBy, due(work), now)?.toISOString()).toBe('2026-12-10T00:00:00.000Z');
    expect(nextDeadline('accepted', respondBy, due([work[0]!]), now)).toBeNull();
    expect(nextDeadline('completed', respondBy, due(work), now)).toBeNull();
    expect(nextDeadline('withdrawn', respondBy, due(work), now)).toBeNull();
  });
});

describe('committedAfterCancellation', () => {
  const usd = (amount: number) => ({ amount, currency: 'USD' as const });
  it('is what the settlement left owed when nothing more was paid', () => {
    expect(committedAfterCancellation({ owed: usd(10_000), paid: usd(0) })).toEqual(usd(10_000));
    expect(committedAfterCancellation({ owed: usd(10_000), paid: usd(10_000) })).toEqual(usd(10_000));
  });
  it('is what was paid when the upfront payment was more than the stage leaves owed (the rest is a refund due)', () => {
    expect(committedAfterCancellation({ owed: usd(10_000), paid: usd(30_000) })).toEqual(usd(30_000));
  });
});

import { AppError, termsSchema } from '#libs/contracts';
import { assertAboveFloor, floorFor, needsConfirmation, DEFAULT_POLICY, type NegotiationPolicyFacts } from './policy.rules.js';

const terms = (amount: number, currency = 'USD', deliverables = [{ type: 'video', quantity: 2 }]) =>
  termsSchema.parse({
    price: { amount, currency },
    paymentTerms: { upfrontPercent: 0, netDays: 30 },
    deliverables: deliverables.map((d) => ({ ...d, dueAt: '2026-12-20T00:00:00Z' })),
    usageRightsDays: 0,
    exclusivityDays: 0,
    revisionRounds: 1,
  });
const policy: NegotiationPolicyFacts = {
  requireConfirmation: true,
  minimumPrices: [
    { deliverable: 'video', price: { amount: 100_000, currency: 'USD' } },
    { deliverable: 'story', price: { amount: 20_000, currency: 'USD' } },
  ],
  version: 4,
};

function refusal(fn: () => void): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('consent policy', () => {
  it('the floor is the sum of minimums times quantities for the deliverables named', () => {
    expect(floorFor(policy, terms(1, 'USD', [{ type: 'video', quantity: 2 }, { type: 'story', quantity: 1 }]))?.floor).toEqual({ amount: 220_000, currency: 'USD' });
    expect(floorFor(policy, terms(1, 'USD', [{ type: 'live', quantity: 1 }]))).toBeNull();
  });

  it('an agency below the floor is refused with the floor named; at the floor it passes', () => {
    const err = refusal(() => assertAboveFloor(policy, terms(199_999), 'creator', 'propose'));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('unprocessable');
    // In major units with the currency, as people read money; never the minor units that travel.
    expect(err.detail).toBe("the creator's minimum for these deliverables is $2,000.00; the creator's side cannot propose $1,999.99");
    expect(err.errors).toEqual([{ path: 'terms.price.amount', message: 'Minimum is $2,000.00' }]);
    expect(() => assertAboveFloor(policy, terms(200_000), 'creator', 'accept')).not.toThrow();
  });

  it('binds the whole creator side, not the brand', () => {
    expect(() => assertAboveFloor(policy, terms(1), 'brand', 'propose')).not.toThrow();
    expect(refusal(() => assertAboveFloor(policy, terms(1), 'creator', 'accept')).detail).toContain("the creator's side cannot accept");
  });

  it('a minimum in another currency refuses the creator side rather than being ignored', () => {
    expect(refusal(() => assertAboveFloor(policy, terms(10_000_000, 'EUR'), 'creator', 'accept')).code).toBe('unprocessable');
  });

  it("confirmation is needed only for an agency's accept when the creator asked for it", () => {
    expect(needsConfirmation(policy, true)).toBe(true);
    expect(needsConfirmation(policy, false)).toBe(false);
    expect(needsConfirmation(DEFAULT_POLICY, true)).toBe(false);
  });
});

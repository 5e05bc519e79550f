import fc from 'fast-check';
import { splitTotals } from '#libs/contracts';
import { splitPayment, versionInForce } from './commission-split.rules.js';

const creator = '00000000-0000-4000-8000-000000000001';
const ana = '00000000-0000-4000-8000-00000000000a';
const ben = '00000000-0000-4000-8000-00000000000b';

describe('commission split', () => {
  it('without a commission the creator nets it all', () => {
    expect(splitPayment(12_345, creator, null)).toEqual([{ party: 'creator', userId: creator, amount: 12_345 }]);
  });

  it('the agency takes its percent (rounded down), managers their percent of it (rounded down), the agency keeps the rest', () => {
    // 20 % of 10 001 = 2000.2 → 2000; Ana 60 % of 2000 = 1200, Ben 25 % = 500; the agency keeps 300.
    expect(splitPayment(10_001, creator, { percent: 20, splits: [{ userId: ana, percent: 60 }, { userId: ben, percent: 25 }] })).toEqual([
      { party: 'creator', userId: creator, amount: 8_001 },
      { party: 'agency', userId: null, amount: 300 },
      { party: 'manager', userId: ana, amount: 1_200 },
      { party: 'manager', userId: ben, amount: 500 },
    ]);
  });

  it('takes percents with two decimals', () => {
    expect(splitPayment(100_000, creator, { percent: 12.5, splits: [] })).toEqual([
      { party: 'creator', userId: creator, amount: 87_500 },
      { party: 'agency', userId: null, amount: 12_500 },
    ]);
  });

  it('totals: agency commission includes the manager shares', () => {
    expect(splitTotals(splitPayment(10_001, creator, { percent: 20, splits: [{ userId: ana, percent: 60 }] }))).toEqual({ creatorNet: 8_001, agencyCommission: 2_000, managerShares: 1_200 });
  });

  it('property: the lines are non-negative integers that add up to the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 4 }),
        (amount, percentBp, shares) => {
          let left = 10_000;
          const splits = shares.map((bp, i) => {
            const take = Math.min(left, bp);
            left -= take;
            return { userId: `00000000-0000-4000-8000-00000000000${i}`, percent: take / 100 };
          });
          const lines = splitPayment(amount, creator, { percent: percentBp / 100, splits });
          expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(amount);
          expect(lines.every((l) => Number.isSafeInteger(l.amount) && l.amount >= 0)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the commission version in force', () => {
  const v = (version: number, validFrom: string) => ({ version, validFrom: new Date(validFrom) });
  const versions = [v(1, '2026-01-01T00:00:00Z'), v(3, '2026-06-01T00:00:00Z'), v(2, '2026-03-01T00:00:00Z')];

  it('is the latest version valid at the acceptance, whatever order the versions come in', () => {
    expect(versionInForce(versions, new Date('2026-04-01T00:00:00Z'))).toEqual(v(2, '2026-03-01T00:00:00Z'));
    expect(versionInForce(versions, new Date('2026-06-01T00:00:00Z'))).toEqual(v(3, '2026-06-01T00:00:00Z'));
  });

  it('is none before the first version and without versions', () => {
    expect(versionInForce(versions, new Date('2025-12-31T23:59:59Z'))).toBeNull();
    expect(versionInForce([], new Date())).toBeNull();
  });
});

import type { Principal } from '#libs/contracts';
import { commissionAgencyOf, sameCommission } from './commission.rules.js';

const CREATOR = '00000000-0000-4000-8000-00000000c001';
const AGENCY = '00000000-0000-4000-8000-00000000a001';
const OTHER_AGENCY = '00000000-0000-4000-8000-00000000a002';
const creator: Principal = { userId: CREATOR, kind: 'creator', orgId: null, orgKind: null, role: null };
const member: Principal = { userId: '00000000-0000-4000-8000-0000000000a3', kind: 'manager', orgId: AGENCY, orgKind: 'agency', role: 'viewer' };
const brand: Principal = { userId: '00000000-0000-4000-8000-0000000000b1', kind: 'brand', orgId: '00000000-0000-4000-8000-00000000b001', orgKind: 'brand', role: 'owner' };

const statusOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { status: number }).status;
  }
  return 200;
};

describe('whose commission a read is about', () => {
  it("is always the member's own agency; naming another is a 404", () => {
    expect(commissionAgencyOf(member, CREATOR, undefined, [])).toBe(AGENCY);
    expect(commissionAgencyOf(member, CREATOR, AGENCY, [])).toBe(AGENCY);
    expect(statusOf(() => commissionAgencyOf(member, CREATOR, OTHER_AGENCY, [AGENCY, OTHER_AGENCY]))).toBe(404);
    expect(statusOf(() => commissionAgencyOf(brand, CREATOR, undefined, [AGENCY]))).toBe(404);
  });

  it("is the creator's only agency, or the one the creator names among those in force", () => {
    expect(commissionAgencyOf(creator, CREATOR, undefined, [AGENCY])).toBe(AGENCY);
    expect(commissionAgencyOf(creator, CREATOR, OTHER_AGENCY, [AGENCY, OTHER_AGENCY])).toBe(OTHER_AGENCY);
    expect(statusOf(() => commissionAgencyOf(creator, CREATOR, undefined, [AGENCY, OTHER_AGENCY]))).toBe(400);
    expect(statusOf(() => commissionAgencyOf(creator, CREATOR, undefined, []))).toBe(404);
    expect(statusOf(() => commissionAgencyOf(creator, CREATOR, OTHER_AGENCY, [AGENCY]))).toBe(404);
  });
});

describe('sameCommission', () => {
  const m1 = '00000000-0000-4000-8000-000000000001';
  const m2 = '00000000-0000-4000-8000-000000000002';
  it('ignores the order of shares, not their values', () => {
    const a = { percent: 20, splits: [{ userId: m1, percent: 25 }, { userId: m2, percent: 10 }] };
    expect(sameCommission(a, { percent: 20, splits: [...a.splits].reverse() })).toBe(true);
    expect(sameCommission(a, { percent: 20.5, splits: a.splits })).toBe(false);
    expect(sameCommission(a, { percent: 20, splits: [{ userId: m1, percent: 25 }] })).toBe(false);
    expect(sameCommission(a, { percent: 20, splits: [{ userId: m1, percent: 25 }, { userId: m2, percent: 10.01 }] })).toBe(false);
  });
});

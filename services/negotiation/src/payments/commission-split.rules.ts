import { percentShare, type SplitLine } from '#libs/contracts';

/** An agency's commission on a creator's payments, as roster publishes it (one version). */
export interface CommissionTerms {
  percent: number;
  /** How the commission is shared among the agency's members (percent of the commission; the agency keeps the rest). */
  splits: readonly { userId: string; percent: number }[];
}

/**
 * How one payment divides: the agency's commission is `percent` of the amount rounded DOWN
 * (`percentShare`), and the creator's net is the rest, so rounding always favours the creator;
 * each manager's share is their percent of the commission rounded down, and the agency keeps
 * the rest of the commission. The lines always add up to the amount. Without a commission the
 * creator's net is the whole amount.
 */
export function splitPayment(amount: number, creatorId: string, commission: CommissionTerms | null): SplitLine[] {
  if (!commission) return [{ party: 'creator', userId: creatorId, amount }];
  const agencyCommission = percentShare(amount, commission.percent);
  const managers = commission.splits.map((s) => ({ party: 'manager' as const, userId: s.userId, amount: percentShare(agencyCommission, s.percent) }));
  const managerTotal = managers.reduce((sum, m) => sum + m.amount, 0);
  return [{ party: 'creator', userId: creatorId, amount: amount - agencyCommission }, { party: 'agency', userId: null, amount: agencyCommission - managerTotal }, ...managers];
}

/** Of one agency's commission versions on one creator, the one in force at `at` (a contract's acceptance): the latest valid by then. */
export function versionInForce<V extends { version: number; validFrom: Date }>(versions: readonly V[], at: Date): V | null {
  return versions.filter((v) => v.validFrom.getTime() <= at.getTime()).reduce<V | null>((best, v) => (!best || v.version > best.version ? v : best), null);
}

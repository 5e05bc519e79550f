import { notFound } from '#libs/authz';
import { AppError, type Principal } from '#libs/contracts';

export interface CommissionSplitShare {
  userId: string;
  percent: number;
}

export interface CommissionTerms {
  percent: number;
  splits: readonly CommissionSplitShare[];
}

/**
 * Whose commission a read is about. An agency member always reads their own agency's (naming
 * another is the same 404 as a stranger gets); the creator reads the commission of an agency
 * holding a grant in force for them, and names it when there are several.
 */
export function commissionAgencyOf(principal: Principal, creatorId: string, requested: string | undefined, agenciesInForce: readonly string[]): string {
  if (principal.kind === 'creator' && principal.userId === creatorId) {
    if (requested) {
      if (!agenciesInForce.includes(requested)) throw notFound();
      return requested;
    }
    if (agenciesInForce.length === 1) return agenciesInForce[0]!;
    if (agenciesInForce.length === 0) throw notFound();
    throw new AppError('validation', 'Invalid input', 'Several agencies act for you: name one', [{ path: 'agencyId', message: 'Required: one of your agencies' }]);
  }
  if (principal.orgKind !== 'agency' || !principal.orgId) throw notFound();
  if (requested && requested !== principal.orgId) throw notFound();
  return principal.orgId;
}

/** A write that changes neither the percent nor any share makes no new version. */
export function sameCommission(a: CommissionTerms, b: CommissionTerms): boolean {
  const shares = (s: readonly CommissionSplitShare[]) => JSON.stringify([...s].map((x) => [x.userId, x.percent]).sort());
  return a.percent === b.percent && shares(a.splits) === shares(b.splits);
}

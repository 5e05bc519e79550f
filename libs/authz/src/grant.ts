import type { GrantStatus, Scope } from '#libs/contracts';

/** What a decision needs to know about a delegation grant (identity owns the rest). */
export interface GrantView {
  readonly id: string;
  readonly agencyId: string;
  readonly creatorId: string;
  readonly status: GrantStatus;
  readonly scopes: readonly Scope[];
  /** ISO time or Date; null = until revoked. */
  readonly expiresAt: string | Date | null;
}

function expiryOf(grant: Pick<GrantView, 'expiresAt'>): number | null {
  if (grant.expiresAt === null) return null;
  const ms = grant.expiresAt instanceof Date ? grant.expiresAt.getTime() : Date.parse(grant.expiresAt);
  // An unreadable expiry is treated as already past: fail closed.
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** True once `now` reaches the grant's expiry (an expired grant never works, job or not). */
export function hasExpired(grant: Pick<GrantView, 'expiresAt'>, now: Date): boolean {
  const expiry = expiryOf(grant);
  return expiry !== null && now.getTime() >= expiry;
}

/**
 * The status as of `now`: a pending or active grant whose expiry has passed is `expired`,
 * whatever its stored status says (the sweeper that records it may not have run yet).
 */
export function effectiveStatus(grant: Pick<GrantView, 'status' | 'expiresAt'>, now: Date): GrantStatus {
  if ((grant.status === 'active' || grant.status === 'pending') && hasExpired(grant, now)) return 'expired';
  return grant.status;
}

/** A grant lets its agency act only while active and unexpired. */
export function isGrantEffective(grant: GrantView | null | undefined, now: Date): grant is GrantView {
  return !!grant && effectiveStatus(grant, now) === 'active';
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, enforce, type CreatorAction, type GrantView, type Resource } from '#libs/authz';
import type { Principal } from '#libs/contracts';
import { RosterMembership } from '../roster/membership.entity.js';
import { CreatorProfile } from '../profiles/profile.entity.js';

export interface CreatorAccess {
  creatorId: string;
  /** The grant the caller acted through (null: the creator, or a brand). */
  grantId: string | null;
}

function grantView(m: RosterMembership): GrantView {
  return {
    id: m.grantId,
    agencyId: m.agencyId,
    creatorId: m.creatorId,
    status: m.status === 'active' ? 'active' : 'revoked',
    scopes: m.scopes,
    expiresAt: m.expiresAt,
  };
}

/** The grant between the caller's agency and a creator as roster holds it (its own projection). */
export async function membershipOf(em: EntityManager, principal: Principal, creatorId: string): Promise<RosterMembership | null> {
  if (principal.orgKind !== 'agency' || !principal.orgId) return null;
  return em.findOne(RosterMembership, { agencyId: principal.orgId, creatorId, status: 'active' });
}

/** Of `creatorIds`, those roster's grants let the caller's agency `action` now (one query for them all); the others are left out. */
export async function allowedOnRoster(em: EntityManager, principal: Principal, action: CreatorAction, creatorIds: readonly string[]): Promise<string[]> {
  if (principal.orgKind !== 'agency' || !principal.orgId || creatorIds.length === 0) return [];
  const memberships = await em.find(RosterMembership, { agencyId: principal.orgId, creatorId: { $in: [...creatorIds] }, status: 'active' });
  return memberships.filter((m) => authorize(principal, action, { type: 'creator', creatorId: m.creatorId, grant: grantView(m), marketplaceVisible: false }).allowed).map((m) => m.creatorId);
}

/**
 * Roster's own check before answering about a creator: the gateway decided already, but roster
 * owns this data and decides again from the grants it holds (404 for strangers, 403 without
 * the scope or role), so a revoked grant stops here too. For reads.
 */
export async function authorizeCreator(em: EntityManager, principal: Principal, action: CreatorAction, creatorId: string, profile?: CreatorProfile | null): Promise<CreatorAccess> {
  const membership = await membershipOf(em, principal, creatorId);
  return authorizeCreatorWith(em, principal, action, creatorId, membership ? grantView(membership) : null, profile);
}

/**
 * The same check with the grant given: a write passes the one identity says is in force now
 * (`grantInForce`, asked before its unit of work) instead of roster's copy, which lags identity:
 * behind an approval it would refuse the agency a write identity already allows (a 404 to a
 * client whose approval was acknowledged), behind a revocation it would let one through.
 */
export async function authorizeCreatorWith(em: EntityManager, principal: Principal, action: CreatorAction, creatorId: string, grant: GrantView | null, profile?: CreatorProfile | null): Promise<CreatorAccess> {
  const known = principal.orgKind === 'brand' ? (profile ?? (await em.findOne(CreatorProfile, { creatorId }))) : null;
  const decision = enforce(authorize(principal, action, creatorResource(principal, creatorId, grant, known)));
  return { creatorId, grantId: decision.actingFor?.grantId ?? null };
}

/** The creator as roster's policy sees them: the caller's grant, and for brands whether the profile is visible. */
export function creatorResource(principal: Principal, creatorId: string, grant: GrantView | null, profile: Pick<CreatorProfile, 'marketplaceVisible'> | null): Resource {
  return { type: 'creator', creatorId, grant, marketplaceVisible: principal.orgKind === 'brand' ? (profile?.marketplaceVisible ?? false) : false };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, enforce, type BrandAction, type GrantView } from '#libs/authz';
import type { Principal } from '#libs/contracts';
import { grantsOf } from '#libs/service-defaults';

/** The grants between the caller's agency and these creators, as campaigns' copy holds them. */
function callerGrants(em: EntityManager, principal: Principal, creatorIds: readonly string[]): Promise<Map<string, GrantView>> {
  if (principal.orgKind !== 'agency' || !principal.orgId) return Promise.resolve(new Map());
  return grantsOf(em, principal.orgId, creatorIds);
}

/**
 * Campaigns' own check before showing a creator's offers: the creator, or a member of an agency
 * whose grant (in campaigns' copy, so a revocation stops it here too) includes campaigns:read.
 * The gateway decided already; the data owner decides again.
 */
export async function authorizeCreatorCampaigns(em: EntityManager, principal: Principal, creatorId: string, now = new Date()): Promise<void> {
  const grant = (await callerGrants(em, principal, [creatorId])).get(creatorId) ?? null;
  enforce(authorize(principal, 'campaigns:read', { type: 'creator', creatorId, grant }, now));
}

/** The creators of `creatorIds` whose campaigns the caller may read; the others are left out, not refused. */
export async function readableCreators(em: EntityManager, principal: Principal, creatorIds: readonly string[], now = new Date()): Promise<string[]> {
  const grants = await callerGrants(em, principal, creatorIds);
  return creatorIds.filter(
    (creatorId) => authorize(principal, 'campaigns:read', { type: 'creator', creatorId, grant: grants.get(creatorId) ?? null }, now).allowed,
  );
}

export function authorizeBrand(principal: Principal, action: BrandAction, brandId: string): void {
  enforce(authorize(principal, action, { type: 'brand', brandId }));
}

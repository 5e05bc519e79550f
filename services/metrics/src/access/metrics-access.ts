import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, authorizeOffer, enforce, notFound, type Decision, type GrantView, type OfferParties } from '#libs/authz';
import type { Principal } from '#libs/contracts';
import { visibleCreators } from '../discovery/profiles.projection.js';
import { grantsOf } from '#libs/service-defaults';

/**
 * Who may read a creator's metrics, decided by the shared policy (`metrics:read`) on metrics'
 * own copies: identity's grants for agencies, roster's marketplace visibility for brands.
 */
export async function metricsDecisions(em: EntityManager, principal: Principal, creatorIds: readonly string[], now = new Date()): Promise<Map<string, Decision>> {
  const [grants, visible] = await Promise.all([
    principal.orgKind === 'agency' && principal.orgId ? grantsOf(em, principal.orgId, creatorIds) : new Map<string, never>(),
    principal.orgKind === 'brand' ? visibleCreators(em, creatorIds) : new Set<string>(),
  ]);
  return new Map(creatorIds.map((creatorId) => [creatorId, mayReadMetrics(principal, creatorId, grants.get(creatorId) ?? null, visible.has(creatorId), now)]));
}

/** One creator's decision, from the agency's grant and the marketplace visibility already read. */
export function mayReadMetrics(principal: Principal, creatorId: string, grant: GrantView | null, marketplaceVisible: boolean, now: Date): Decision {
  return authorize(principal, 'metrics:read', { type: 'creator', creatorId, grant, marketplaceVisible }, now);
}

/** Throws 404 (not the caller's) or 403 (known, but without the scope) unless the caller may read. */
export async function assertMayRead(em: EntityManager, principal: Principal, creatorId: string): Promise<void> {
  enforce((await metricsDecisions(em, principal, [creatorId])).get(creatorId)!);
}

/**
 * Throws unless the caller is a party to the offer as the shared offer policy reads it (its
 * brand's members, its creator, an agency whose grant has a scope on offers), on metrics' own
 * copies of the offer's parties and of the grants: strangers get 404, as for an unknown offer.
 */
export async function assertOfferReader(em: EntityManager, principal: Principal, offer: OfferParties, now = new Date()): Promise<void> {
  const grants = principal.orgKind === 'agency' && principal.orgId ? await grantsOf(em, principal.orgId, [offer.creatorId]) : new Map();
  const decision = authorizeOffer(principal, 'read', offer, grants.get(offer.creatorId) ?? null, now);
  if (!decision.allowed) {
    enforce(decision);
    throw notFound();
  }
}

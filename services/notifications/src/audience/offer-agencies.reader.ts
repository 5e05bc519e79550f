import type { EntityManager } from '@mikro-orm/postgresql';
import { agencySeesCreatorOffers, type GrantView } from '#libs/authz';
import { GrantCopy } from '#libs/service-defaults';

const grantView = (g: GrantCopy): GrantView => ({ id: g.grantId, agencyId: g.agencyId, creatorId: g.creatorId, status: g.status, scopes: g.scopes, expiresAt: g.expiresAt ?? null });

/**
 * The grants in force at `at` through which an agency sees a creator's offers, from the
 * service's grant copies: the read rule of `#libs/authz`, so a grant without an offer scope
 * (only `metrics:read`, say) tells its agency nothing about offers. Narrowed to one creator, or
 * to one agency's creators.
 */
export async function offerGrants(em: EntityManager, of: { creatorId: string } | { agencyId: string }, at: Date): Promise<GrantView[]> {
  const copies = await em.find(GrantCopy, { ...of, status: 'active' });
  return copies.map(grantView).filter((g) => agencySeesCreatorOffers(g, at));
}

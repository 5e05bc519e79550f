import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, AuditActor } from '#libs/contracts';
import { GrantCopy } from '#libs/service-defaults';

/**
 * Who wrote a terms version or a message, as views name them: the person and the organization
 * they wrote for — the offer's brand, or the agency whose grant they used (from the grant copy,
 * which keeps ended grants too); a creator writing for themselves has none. Names are left to
 * identity (the gateway fills them in).
 */
export async function actorNamer(em: EntityManager, offer: { brandId: string }, authors: readonly Actor[]): Promise<(author: Actor) => AuditActor> {
  const grantIds = [...new Set(authors.flatMap((a) => (a.grantId ? [a.grantId] : [])))];
  const grants = grantIds.length ? await em.find(GrantCopy, { grantId: { $in: grantIds } }, { fields: ['grantId', 'agencyId'] }) : [];
  const agencyOf = new Map(grants.map((g) => [g.grantId, g.agencyId]));
  return (author) => {
    if (!author.userId) return { userId: null, name: null, organization: null };
    const agencyId = author.grantId ? agencyOf.get(author.grantId) : undefined;
    const organization =
      author.side === 'brand' ? { id: offer.brandId, name: null, kind: 'brand' as const } : agencyId ? { id: agencyId, name: null, kind: 'agency' as const } : null;
    return { userId: author.userId, name: null, organization };
  };
}

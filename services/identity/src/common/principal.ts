import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, type Principal } from '#libs/contracts';
import { User } from '../accounts/user.entity.js';
import { Member, Organization } from '../accounts/organization.entity.js';

/**
 * The principal as identity's own tables say now: the token the gateway verified may be up
 * to one access-token lifetime old, and identity owns memberships, so organization and role
 * come from here for every decision identity makes. `actingFor` is kept as forwarded; each
 * use of it is checked against the grant table.
 */
export async function freshPrincipal(em: EntityManager, principal: Principal): Promise<Principal> {
  const user = await em.findOne(User, { id: principal.userId });
  if (!user) throw new AppError('unauthenticated', 'Authentication required', 'Send a valid access token');
  const member = await em.findOne(Member, { userId: user.id });
  const org = member ? await em.findOne(Organization, { id: member.orgId }) : null;
  return {
    userId: user.id,
    kind: user.kind,
    orgId: org?.id ?? null,
    orgKind: org?.kind ?? null,
    role: org ? member!.role : null,
    ...(principal.actingFor ? { actingFor: principal.actingFor } : {}),
  };
}

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

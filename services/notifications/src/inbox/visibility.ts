import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '#libs/contracts';
import { offerGrants } from '../audience/offer-agencies.reader.js';

/**
 * The one rule for which of a user's notifications they may still see, as SQL over
 * `notifications n`: their own (`self`) always; an organization's while they are a member of it
 * (the principal's organization, which identity re-issues on every membership change); an
 * agency's about a creator only while the agency still sees that creator's offers (a grant in
 * force with an offer scope, the read rule of `#libs/authz`), so a revoked agency, or one whose
 * grant holds no offer scope, cannot read what it was told. Parameters: `visibleParams`.
 */
export const VISIBLE = `n."user_id" = ? and (n."audience" = 'self' or (n."org_id" = ? and (n."audience" = 'org' or (n."audience" = 'agency' and n."creator_id" = any(?::uuid[])))))`;

export async function visibleParams(em: EntityManager, principal: Principal, now: Date): Promise<unknown[]> {
  const creators = principal.orgKind === 'agency' && principal.orgId ? (await offerGrants(em, { agencyId: principal.orgId }, now)).map((g) => g.creatorId) : [];
  return [principal.userId, principal.orgId ?? null, `{${creators.join(',')}}`];
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '#libs/contracts';
import { S } from '../common/sql.js';
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

type Reader = Pick<Principal, 'userId' | 'orgId' | 'orgKind'>;

export async function visibleParams(em: EntityManager, principal: Reader, now: Date): Promise<unknown[]> {
  const creators = principal.orgKind === 'agency' && principal.orgId ? (await offerGrants(em, { agencyId: principal.orgId }, now)).map((g) => g.creatorId) : [];
  return [principal.userId, principal.orgId ?? null, `{${creators.join(',')}}`];
}

/**
 * Of a user's notifications waiting for mail, the ones they may still read now, by the same rule
 * with their membership as this service last heard it: a digest goes out up to a day after its
 * items were made, and must not tell a revoked agency or a former member what they can no longer open.
 */
export async function stillReadable(em: EntityManager, userId: string, ids: readonly string[], now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const [person] = await em.execute<{ org_id: string | null; org_kind: Principal['orgKind'] | null; role: string | null }[]>(
    `select "org_id", "org_kind", "role" from ${S}."people" where "user_id" = ?`,
    [userId],
  );
  // A membership that ended (no role) leaves the organization's notices unreadable.
  const member = person?.role ? { orgId: person.org_id, orgKind: person.org_kind } : { orgId: null, orgKind: null };
  const params = await visibleParams(em, { userId, ...member }, now);
  const rows = await em.execute<{ id: string }[]>(`select n."id" from ${S}."notifications" n where n."id" = any(?::uuid[]) and ${VISIBLE}`, [`{${ids.join(',')}}`, ...params]);
  return new Set(rows.map((r) => r.id));
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { GrantView } from '#libs/authz';
import { schemaOf, type CreatorCategory, type Principal, type Scope } from '#libs/contracts';
import type { ProfileFacts } from '../profiles/profiles.service.js';

const S = `"${schemaOf('roster')}"`;

interface Row {
  creatorId: string | null;
  handle: string;
  name: string;
  bio: string;
  categories: CreatorCategory[];
  regions: string[];
  languages: string[];
  marketplaceVisible: boolean;
  onVacationUntil: Date | string | null;
  updatedAt: Date | string;
  version: number;
  grantId: string | null;
  agencyId: string;
  scopes: Scope[];
  expiresAt: Date | string | null;
}

export interface ProfileAndGrant {
  profile: ProfileFacts | null;
  /** The active grant between the caller's agency and the creator, as roster holds it (null for creators and brands). */
  grant: GrantView | null;
}

const date = (d: Date | string) => (d instanceof Date ? d : new Date(d));

/**
 * The creator's profile and the caller's agency's grant on them in one round trip: all the card
 * needs to decide each of its parts (the grant for agencies, the profile's visibility for brands).
 */
export async function profileAndGrant(em: EntityManager, principal: Principal, creatorId: string): Promise<ProfileAndGrant> {
  const agencyId = principal.orgKind === 'agency' ? principal.orgId : null;
  const [row] = await em.execute<Row[]>(
    `select p."creator_id" as "creatorId", p."handle", p."name", p."bio", p."categories", p."regions", p."languages",
            p."marketplace_visible" as "marketplaceVisible", p."on_vacation_until" as "onVacationUntil", p."updated_at" as "updatedAt", p."version",
            m."grant_id" as "grantId", m."agency_id" as "agencyId", m."scopes", m."expires_at" as "expiresAt"
       from (select ?::uuid as "creator_id") k
       left join ${S}."creator_profiles" p on p."creator_id" = k."creator_id"
       left join lateral (select * from ${S}."roster_memberships"
                           where "agency_id" = ?::uuid and "creator_id" = k."creator_id" and "status" = 'active' limit 1) m on true`,
    [creatorId, agencyId],
  );
  if (!row) return { profile: null, grant: null };
  const profile: ProfileFacts | null = row.creatorId
    ? {
        creatorId: row.creatorId,
        handle: row.handle,
        name: row.name,
        bio: row.bio,
        categories: row.categories,
        regions: row.regions,
        languages: row.languages,
        marketplaceVisible: row.marketplaceVisible,
        onVacationUntil: row.onVacationUntil === null ? null : date(row.onVacationUntil),
        updatedAt: date(row.updatedAt),
        version: row.version,
      }
    : null;
  const grant: GrantView | null = row.grantId
    ? { id: row.grantId, agencyId: row.agencyId, creatorId, status: 'active', scopes: row.scopes, expiresAt: row.expiresAt }
    : null;
  return { profile, grant };
}

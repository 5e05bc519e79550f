import type { EntityManager } from '@mikro-orm/postgresql';
import type { GrantView } from '#libs/authz';
import { queryPrepared } from '#libs/persistence';
import { schemaOf, type CreatorCategory, type Principal, type RateItem, type Scope } from '#libs/contracts';
import type { ProfileFacts } from '../profiles/profiles.service.js';
import type { StoredRateCard } from '../rates/rates.service.js';

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
  rateItems: RateItem[] | null;
  rateVersion: number | null;
  rateUpdatedAt: Date | string | null;
}

export interface ProfileAndGrant {
  profile: ProfileFacts | null;
  /** The active grant between the caller's agency and the creator, as roster holds it (null for creators and brands). */
  grant: GrantView | null;
  /** The creator's rate card when it was asked for and exists (null otherwise): still to be authorized. */
  rates: StoredRateCard | null;
}

const date = (d: Date | string) => (d instanceof Date ? d : new Date(d));

/**
 * The creator's profile and the caller's agency's grant on them in one round trip: all the card
 * needs to decide each of its parts (the grant for agencies, the profile's visibility for brands),
 * with the rate card when `withRates` (a second round trip per card cost roster more than the
 * statement itself). The caller decides from the grant and the profile what it may answer.
 */
export async function profileAndGrant(em: EntityManager, principal: Principal, creatorId: string, withRates: boolean): Promise<ProfileAndGrant> {
  const agencyId = principal.orgKind === 'agency' ? principal.orgId : null;
  const [row] = await queryPrepared<Row>(
    em,
    `select p."creator_id" as "creatorId", p."handle", p."name", p."bio", p."categories", p."regions", p."languages",
            p."marketplace_visible" as "marketplaceVisible", p."on_vacation_until" as "onVacationUntil", p."updated_at" as "updatedAt", p."version",
            m."grant_id" as "grantId", m."agency_id" as "agencyId", m."scopes", m."expires_at" as "expiresAt",
            r."items" as "rateItems", r."version" as "rateVersion", r."updated_at" as "rateUpdatedAt"
       from (select ?::uuid as "creator_id") k
       left join ${S}."creator_profiles" p on p."creator_id" = k."creator_id"
       left join lateral (select "grant_id", "agency_id", "scopes", "expires_at" from ${S}."roster_memberships"
                           where "agency_id" = ?::uuid and "creator_id" = k."creator_id" and "status" = 'active' limit 1) m on true
       left join ${S}."rate_cards" r on ?::boolean and r."creator_id" = k."creator_id"`,
    [creatorId, agencyId, withRates],
  );
  if (!row) return { profile: null, grant: null, rates: null };
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
  const rates: StoredRateCard | null =
    row.rateVersion === null ? null : { items: row.rateItems ?? [], version: row.rateVersion, updatedAt: date(row.rateUpdatedAt!) };
  return { profile, grant, rates };
}

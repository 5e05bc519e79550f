import type { EntityManager } from '@mikro-orm/postgresql';
import type { CreatorCategory, DiscoverySort, FollowerBand, RequestOf, metricsContracts } from '#libs/contracts';
import { metricsTable as t } from '../db.js';
import { countryFilter } from './discovery.rules.js';

export type DiscoveryQuery = Omit<RequestOf<typeof metricsContracts.creatorsDiscover>, 'cursor' | 'sort' | 'limit'> & {
  sort: DiscoverySort;
  limit: number;
  /** The last row of the previous page: its sort value and id. */
  after?: { value: number; creatorId: string };
};

export interface DiscoveryRow {
  creatorId: string;
  handle: string;
  displayName: string;
  categories: CreatorCategory[];
  followers: number;
  followerBand: FollowerBand;
  engagementRate: number | null;
  medianViews: number | null;
  countries: Record<string, number> | null;
}

/**
 * The sort expressions, written exactly as the partial indexes of migration
 * `Migration20261130050000_discovery` are, so PostgreSQL walks the index in the page's order.
 */
const SORT_EXPRESSION: Record<DiscoverySort, { expr: string; type: string }> = {
  followers: { expr: `s."followers"`, type: 'bigint' },
  engagementRate: { expr: `coalesce(s."engagement_rate", -1)`, type: 'float8' },
};

/** The SQL and parameters of one discovery page (also sent raw by the bench, to measure the service's overhead). */
export function discoverySql(q: DiscoveryQuery): { sql: string; params: unknown[] } {
  const { expr, type } = SORT_EXPRESSION[q.sort];
  const where = [`s."marketplace_visible"`, `s."followers" is not null`];
  const params: unknown[] = [];
  if (q.category) {
    where.push(`s."categories" @> array[?]::text[]`);
    params.push(q.category);
  }
  const country = countryFilter(q);
  if (country) {
    where.push(`exists (select 1 from ${t('audience_countries')} c where c."creator_id" = s."creator_id" and c."country" = ? and c."share" >= ?)`);
    params.push(country.country, country.minShare);
  }
  if (q.minFollowers !== undefined) {
    where.push(`s."followers" >= ?`);
    params.push(q.minFollowers);
  }
  if (q.minEngagementRate !== undefined) {
    // The engagement index's own expression (the same rows, as the minimum is never negative), so it bounds that walk.
    where.push(`coalesce(s."engagement_rate", -1) >= ?`);
    params.push(q.minEngagementRate);
  }
  if (q.after) {
    where.push(`(${expr}, s."creator_id") < (?::${type}, ?::uuid)`);
    params.push(q.after.value, q.after.creatorId);
  }
  params.push(q.limit);
  const sql = `select s."creator_id" as "creatorId", p."handle", p."display_name" as "displayName", p."categories",
       s."followers"::float8 as "followers", s."follower_band" as "followerBand", s."engagement_rate" as "engagementRate",
       s."median_views" as "medianViews", a."countries"
  from ${t('creator_summary')} s
  join ${t('creator_profiles')} p on p."creator_id" = s."creator_id"
  left join ${t('audience_latest')} a on a."creator_id" = s."creator_id"
 where ${where.join(' and ')}
 order by ${expr} desc, s."creator_id" desc
 limit ?`;
  return { sql, params };
}

/** One page of marketplace-visible creators matching the filters (`limit` rows at most). */
export function discoverCreators(em: EntityManager, q: DiscoveryQuery): Promise<DiscoveryRow[]> {
  const { sql, params } = discoverySql(q);
  return em.execute<DiscoveryRow[]>(sql, params);
}

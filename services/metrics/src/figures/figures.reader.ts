import type { EntityManager } from '@mikro-orm/postgresql';
import type { GrantView } from '#libs/authz';
import type { RosterFigures } from '#libs/contracts';
import { queryPrepared } from '#libs/persistence';
import { activeGrantJoin, joinedGrant, type JoinedGrant } from '#libs/service-defaults';
import { metricsTable as t } from '../db.js';

/**
 * The roster's figures of many creators in one indexed read of `creator_summary`, which the
 * rollups keep at each creator's `last30v` KPIs: no KPI record is computed for the call.
 * Creators without a summary row are absent.
 */
export async function readFigures(em: EntityManager, creatorIds: readonly string[]): Promise<Map<string, RosterFigures>> {
  if (!creatorIds.length) return new Map();
  // Bound, not inlined: a ranking names up to 5,000 ids, which em.execute would escape character
  // by character; prepared, so it is planned once per connection, not on every page.
  const rows = await queryPrepared<RosterFigures>(
    em,
    `select "creator_id" as "creatorId", "followers"::float8 as "followers", "engagement_rate" as "engagementRate"
       from ${t('creator_summary')} where "creator_id" = any(?::uuid[])`,
    [creatorIds],
  );
  return new Map(rows.map((r) => [r.creatorId, r]));
}

/**
 * The figures of those of `creatorIds` that have a summary, each with the agency's active grant
 * on the creator (null without one), in one statement: a ranking needs the caller's access only
 * for creators with figures, since one without ranks as without figures whether or not it may
 * be read.
 */
export async function readFiguresWithGrants(em: EntityManager, agencyId: string, creatorIds: readonly string[]): Promise<{ figures: RosterFigures; grant: GrantView | null }[]> {
  if (!creatorIds.length) return [];
  const grant = activeGrantJoin(em, 's."creator_id"');
  const rows = await queryPrepared<RosterFigures & JoinedGrant>(
    em,
    `select s."creator_id" as "creatorId", s."followers"::float8 as "followers", s."engagement_rate" as "engagementRate", ${grant.columns}
       from ${t('creator_summary')} s ${grant.join} where s."creator_id" = any(?::uuid[])`,
    [agencyId, creatorIds],
  );
  return rows.map((r) => ({ figures: { creatorId: r.creatorId, followers: r.followers, engagementRate: r.engagementRate }, grant: joinedGrant(agencyId, r.creatorId, r) }));
}

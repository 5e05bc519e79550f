import type { EntityManager } from '@mikro-orm/postgresql';
import type { RosterFigures } from '#libs/contracts';
import { queryPrepared } from '#libs/persistence';
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

import type { EntityManager } from '@mikro-orm/postgresql';
import type { RosterFigures } from '#libs/contracts';
import { metricsTable as t, uuidArray } from '../db.js';

/**
 * The roster's figures of many creators in one indexed read of `creator_summary`, which the
 * rollups keep at each creator's `last30v` KPIs: no KPI record is computed for the call.
 * Creators without a summary row are absent.
 */
export async function readFigures(em: EntityManager, creatorIds: readonly string[]): Promise<Map<string, RosterFigures>> {
  if (!creatorIds.length) return new Map();
  const rows = await em.execute<RosterFigures[]>(
    `select "creator_id" as "creatorId", "followers"::float8 as "followers", "engagement_rate" as "engagementRate"
       from ${t('creator_summary')} where "creator_id" = any(?::uuid[])`,
    [uuidArray(creatorIds)],
  );
  return new Map(rows.map((r) => [r.creatorId, r]));
}

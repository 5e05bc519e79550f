import type { EntityManager } from '@mikro-orm/postgresql';
import { metricsTable as t, uuidArray } from '../db.js';

/**
 * Copies the latest audience of these creators into one row per country (what a discovery
 * country filter reads through its index), in the transaction that just wrote audience_latest,
 * so both always describe the same snapshot whatever order snapshots arrived in.
 */
export async function refreshAudienceCountries(em: EntityManager, creatorIds: readonly string[]): Promise<void> {
  if (!creatorIds.length) return;
  const ids = uuidArray([...new Set(creatorIds)]);
  await em.execute(`delete from ${t('audience_countries')} where "creator_id" = any(?::uuid[])`, [ids]);
  await em.execute(
    `insert into ${t('audience_countries')} ("creator_id", "country", "share")
     select a."creator_id", c."key", c."value"::float8
       from ${t('audience_latest')} a cross join lateral jsonb_each_text(a."countries") c
      where a."creator_id" = any(?::uuid[])`,
    [ids],
  );
}

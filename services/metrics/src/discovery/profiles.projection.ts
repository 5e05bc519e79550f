import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, ProfileChangedPayload } from '#libs/contracts';
import { applyInOrder } from '#libs/messaging';
import { metricsTable as t, uuidArray } from '../db.js';
import { primaryCategory } from './discovery.rules.js';

/** The projection's name in `projection_versions`: one applied version per creator profile. */
export const PROFILES_PROJECTION = 'metrics-creator-profiles';

/**
 * Metrics' copy of roster's profile facts, in profile-version order: who brands may see
 * (reads and discovery) and what a discovery result shows. The facts discovery filters on are
 * copied onto the creator's summary row too (created bare when no figure has arrived yet), so
 * a discovery page reads one table through one index.
 */
export function applyProfileEvent(em: EntityManager, event: EventEnvelope<ProfileChangedPayload>): Promise<boolean> {
  return applyInOrder(em, PROFILES_PROJECTION, event, async () => {
    const p = event.payload;
    await em.execute(
      `insert into ${t('creator_profiles')} ("creator_id", "handle", "display_name", "categories", "regions", "marketplace_visible", "changed_at")
       values (?, ?, ?, ?::text[], ?::text[], ?, ?)
       on conflict ("creator_id") do update set "handle" = excluded."handle", "display_name" = excluded."display_name",
         "categories" = excluded."categories", "regions" = excluded."regions", "marketplace_visible" = excluded."marketplace_visible",
         "changed_at" = excluded."changed_at"`,
      [p.creatorId, p.handle, p.displayName, textArray(p.categories), textArray(p.regions), p.marketplaceVisible, p.changedAt],
    );
    await em.execute(
      `insert into ${t('creator_summary')} ("creator_id", "category", "categories", "marketplace_visible", "updated_at")
       values (?, ?, ?::text[], ?, '-infinity')
       on conflict ("creator_id") do update set "category" = excluded."category", "categories" = excluded."categories",
         "marketplace_visible" = excluded."marketplace_visible"`,
      [p.creatorId, primaryCategory(p.categories), textArray(p.categories), p.marketplaceVisible],
    );
  });
}

/** A PostgreSQL array literal of codes the contract already checked (lowercase words, ISO codes). */
const textArray = (values: readonly string[]) => `{${values.join(',')}}`;

/** Which of `creatorIds` brands may see in the marketplace (unknown creators are hidden). */
export async function visibleCreators(em: EntityManager, creatorIds: readonly string[]): Promise<Set<string>> {
  if (!creatorIds.length) return new Set();
  const rows = await em.execute<{ creatorId: string }[]>(
    `select "creator_id" as "creatorId" from ${t('creator_profiles')} where "creator_id" = any(?::uuid[]) and "marketplace_visible"`,
    [uuidArray(creatorIds)],
  );
  return new Set(rows.map((r) => r.creatorId));
}

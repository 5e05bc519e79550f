import type { EntityManager } from '@mikro-orm/postgresql';
import type { FollowerBand, Signal } from '#libs/contracts';
import { viewCohortKey, viewCohorts } from '../benchmarks/benchmarks.store.js';
import { metricsTable as t, uuidArray } from '../db.js';
import { followerJumps, viewPattern, type AnomalyThresholds, type FollowerDay } from './anomaly.rules.js';

/** How far back a creator's daily followers are read for its typical gain and its jumps. */
export const SIGNAL_HISTORY_DAYS = 90;

interface SummaryRow {
  creatorId: string;
  followerBand: FollowerBand | null;
  category: string | null;
  engagementRate: number | null;
  medianViews: number | null;
  updatedAt: Date | null;
}

/**
 * Signals of each creator, newest first: the daily follower rows of the last
 * `SIGNAL_HISTORY_DAYS` (a primary-key range per creator), their `last30v` summary, and the cut
 * points of the cohorts they fall in. Three reads for a whole discovery page.
 */
export async function readSignals(em: EntityManager, creatorIds: readonly string[], thresholds: AnomalyThresholds, now: Date): Promise<Map<string, Signal[]>> {
  const out = new Map<string, Signal[]>(creatorIds.map((id) => [id, []]));
  if (!creatorIds.length) return out;
  const from = new Date(now.getTime() - SIGNAL_HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10);
  const [days, summaries] = await Promise.all([
    em.execute<(FollowerDay & { creatorId: string })[]>(
      `select "creator_id" as "creatorId", to_char("day", 'YYYY-MM-DD') as "day", "followers"::float8 as "followers"
         from ${t('creator_daily')}
        where "creator_id" = any(?::uuid[]) and "day" >= ?::date and "followers" is not null`,
      [uuidArray(creatorIds), from],
    ),
    em.execute<SummaryRow[]>(
      `select "creator_id" as "creatorId", "follower_band" as "followerBand", "category", "engagement_rate" as "engagementRate",
              "median_views" as "medianViews", nullif("updated_at", '-infinity') as "updatedAt"
         from ${t('creator_summary')} where "creator_id" = any(?::uuid[])`,
      [uuidArray(creatorIds)],
    ),
  ]);
  const cohorts = await viewCohorts(
    em,
    summaries.flatMap((s) => (s.followerBand ? [{ followerBand: s.followerBand, category: s.category }] : [])),
  );
  const histories = new Map<string, FollowerDay[]>();
  for (const d of days) {
    const history = histories.get(d.creatorId);
    if (history) history.push(d);
    else histories.set(d.creatorId, [d]);
  }
  for (const s of summaries) {
    const pattern = viewPattern(
      {
        engagementRate: s.engagementRate,
        medianViews: s.medianViews,
        asOf: s.updatedAt ? new Date(s.updatedAt).toISOString() : null,
        cohort: s.followerBand ? (cohorts.get(viewCohortKey(s.followerBand, s.category)) ?? null) : null,
      },
      thresholds,
    );
    if (pattern) out.get(s.creatorId)!.push(pattern);
  }
  for (const [creatorId, history] of histories) out.get(creatorId)!.push(...followerJumps(history, thresholds));
  return out;
}

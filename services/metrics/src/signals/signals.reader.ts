import type { EntityManager } from '@mikro-orm/postgresql';
import type { Signal } from '#libs/contracts';
import { combineReads, readApart, type Read } from '#libs/persistence';
import { viewFactsRead, type ViewFacts } from '../benchmarks/benchmarks.store.js';
import { metricsTable as t, uuidArray } from '../db.js';
import { followerJumps, viewPattern, type AnomalyThresholds, type FollowerDay } from './anomaly.rules.js';

/** How far back a creator's daily followers are read for its typical gain and its jumps. */
export const SIGNAL_HISTORY_DAYS = 90;

/**
 * Signals of each creator, newest first: the daily follower rows of the last
 * `SIGNAL_HISTORY_DAYS` (a primary-key range per creator), and their `last30v` summary with the
 * cut points of the cohorts they fall in. Two selects for a whole discovery page.
 */
export function signalsRead(creatorIds: readonly string[], thresholds: AnomalyThresholds, now: Date): Read<Map<string, Signal[]>> {
  if (!creatorIds.length) return { selects: [], result: () => new Map() };
  const from = new Date(now.getTime() - SIGNAL_HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10);
  const days: Read<(FollowerDay & { creatorId: string })[]> = {
    selects: [
      {
        sql: `select "creator_id" as "creatorId", to_char("day", 'YYYY-MM-DD') as "day", "followers"::float8 as "followers"
         from ${t('creator_daily')}
        where "creator_id" = any(?::uuid[]) and "day" >= ?::date and "followers" is not null`,
        params: [uuidArray(creatorIds), from],
      },
    ],
    result: ([rows]) => rows as (FollowerDay & { creatorId: string })[],
  };
  return combineReads([days, viewFactsRead(creatorIds)], ([history, facts]) => signalsFrom(creatorIds, history, facts, thresholds));
}

/** Signals of each creator (see signalsRead), each select its own statement. */
export function readSignals(em: EntityManager, creatorIds: readonly string[], thresholds: AnomalyThresholds, now: Date): Promise<Map<string, Signal[]>> {
  return readApart(em, signalsRead(creatorIds, thresholds, now));
}

function signalsFrom(
  creatorIds: readonly string[],
  days: readonly (FollowerDay & { creatorId: string })[],
  summaries: readonly ViewFacts[],
  thresholds: AnomalyThresholds,
): Map<string, Signal[]> {
  const out = new Map<string, Signal[]>(creatorIds.map((id) => [id, []]));
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
        cohort: s.cohort,
      },
      thresholds,
    );
    if (pattern) out.get(s.creatorId)!.push(pattern);
  }
  for (const [creatorId, history] of histories) out.get(creatorId)!.push(...followerJumps(history, thresholds));
  return out;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { BENCHMARKED_METRICS, MIN_BENCHMARK_COHORT, type Benchmark, type BenchmarkedMetric, type FollowerBand, type WithheldBenchmark } from '#libs/contracts';
import { percentileOf, QUANTILE_STEPS } from '../kpis/kpi.formulas.js';
import { metricsTable as t } from '../db.js';

/**
 * Cohorts are per follower band and primary category (the first a creator lists, from roster's
 * profile events). Each band also has a cohort of all its creators (`ALL_CATEGORIES`), which is
 * the cohort of creators who list no category: an "uncategorised" cohort would compare them with
 * an arbitrary mix, the whole band at least says where they stand among creators of their size.
 */
const ALL_CATEGORIES = '';
const FRACTIONS = `{${Array.from({ length: QUANTILE_STEPS + 1 }, (_, i) => i / QUANTILE_STEPS).join(',')}}`;
/**
 * Cohort distributions kept: the benchmarked metrics, and median views, which no card places a
 * creator on but the view-pattern signal compares with the cohort's median.
 */
type CohortMetric = BenchmarkedMetric | 'medianViews';
const COLUMN: Record<CohortMetric, string> = {
  engagementRate: 'engagement_rate',
  sixSecondViewRate: 'six_second_view_rate',
  completionRate: 'completion_rate',
  medianViews: 'median_views',
};

/**
 * Replaces every cohort's cut points (percentile_cont at 0, 1, …, 100 %) from the creators'
 * `last30v` summaries: one aggregate over the summary table, on a schedule, never per request.
 * Returns false when another replica is already doing it.
 */
export async function recomputeBenchmarks(em: EntityManager, now = new Date()): Promise<boolean> {
  const [lock] = await em.execute<{ locked: boolean }[]>(`select pg_try_advisory_xact_lock(hashtextextended('metrics:benchmarks', 0)) as "locked"`);
  if (!lock?.locked) return false;
  await em.execute(`delete from ${t('benchmark_cohorts')}`);
  const values = (Object.keys(COLUMN) as CohortMetric[]).map((m) => `('${m}', s."${COLUMN[m]}")`).join(', ');
  await em.execute(
    `insert into ${t('benchmark_cohorts')} ("metric", "follower_band", "category", "size", "cuts", "computed_at")
     select m."metric", s."follower_band", case when grouping(s."category") = 1 then ? else s."category" end, count(*)::int,
            percentile_cont(?::float8[]) within group (order by m."value"), ?::timestamptz
       from ${t('creator_summary')} s cross join lateral (values ${values}) as m("metric", "value")
      where m."value" is not null and s."follower_band" is not null
      group by grouping sets ((m."metric", s."follower_band", s."category"), (m."metric", s."follower_band"))
     having grouping(s."category") = 1 or s."category" is not null`,
    [ALL_CATEGORIES, FRACTIONS, now.toISOString()],
  );
  return true;
}

/** The cohort's value at percentile `p` (0–100), off its stored cut points. */
const cutAt = (cuts: readonly number[], p: number) => cuts[Math.round((p / 100) * QUANTILE_STEPS)]!;

export interface CreatorBenchmarks {
  benchmarks: Partial<Record<BenchmarkedMetric, Benchmark>>;
  /** Metrics whose cohort is too small to compare with (fewer than `MIN_BENCHMARK_COHORT` creators). */
  withheld: Partial<Record<BenchmarkedMetric, WithheldBenchmark>>;
}

/** Where the creator stands in its cohort for each benchmarked metric (its `last30v` values). */
export async function benchmarksOf(em: EntityManager, creatorId: string): Promise<CreatorBenchmarks> {
  const [me] = await em.execute<(Record<BenchmarkedMetric, number | null> & { followerBand: FollowerBand | null; category: string | null })[]>(
    `select "follower_band" as "followerBand", "category", "engagement_rate" as "engagementRate", "six_second_view_rate" as "sixSecondViewRate",
            "completion_rate" as "completionRate"
       from ${t('creator_summary')} where "creator_id" = ?`,
    [creatorId],
  );
  if (!me?.followerBand) return { benchmarks: {}, withheld: {} };
  const cohorts = await em.execute<{ metric: BenchmarkedMetric; size: number; cuts: number[]; computedAt: Date }[]>(
    `select "metric", "size", "cuts", "computed_at" as "computedAt" from ${t('benchmark_cohorts')}
      where "follower_band" = ? and "category" = ? and "metric" = any(?::text[])`,
    [me.followerBand, me.category ?? ALL_CATEGORIES, `{${BENCHMARKED_METRICS.join(',')}}`],
  );
  const out: CreatorBenchmarks = { benchmarks: {}, withheld: {} };
  for (const c of cohorts) {
    const value = me[c.metric];
    const percentile = value === null ? null : percentileOf(value, c.cuts);
    if (percentile === null) continue;
    const cohort = { category: me.category, followerBand: me.followerBand, size: c.size };
    if (c.size < MIN_BENCHMARK_COHORT) {
      out.withheld[c.metric] = { reason: 'small_cohort', cohort, minimumSize: MIN_BENCHMARK_COHORT };
      continue;
    }
    const at = (p: number) => cutAt(c.cuts, p);
    out.benchmarks[c.metric] = {
      percentile: Math.round(percentile * 10) / 10,
      cohort,
      p25: at(25),
      p50: at(50),
      p75: at(75),
      computedAt: new Date(c.computedAt).toISOString(),
    };
  }
  return out;
}

/** A cohort's engagement-rate p25 and median of median views, as the view-pattern signal compares with them. */
export interface ViewCohort {
  category: string | null;
  followerBand: FollowerBand;
  size: number;
  engagementRateP25: number;
  medianViewsP50: number;
}

/**
 * The view-pattern cut points of the cohorts of these (band, primary category) pairs, by
 * `band|category`; a cohort smaller than `MIN_BENCHMARK_COHORT` is left out, like its benchmark.
 */
export async function viewCohorts(em: EntityManager, keys: readonly { followerBand: FollowerBand; category: string | null }[]): Promise<Map<string, ViewCohort>> {
  const out = new Map<string, ViewCohort>();
  if (!keys.length) return out;
  const rows = await em.execute<{ metric: CohortMetric; followerBand: FollowerBand; category: string; size: number; cuts: number[] }[]>(
    `select "metric", "follower_band" as "followerBand", "category", "size", "cuts" from ${t('benchmark_cohorts')}
      where "metric" in ('engagementRate', 'medianViews')
        and ("follower_band", "category") in (select * from unnest(?::text[], ?::text[]))`,
    [`{${keys.map((k) => k.followerBand).join(',')}}`, `{${keys.map((k) => `"${k.category ?? ALL_CATEGORIES}"`).join(',')}}`],
  );
  const byKey = new Map<string, Partial<Record<CohortMetric, { size: number; cuts: number[] }>>>();
  for (const r of rows) byKey.set(`${r.followerBand}|${r.category}`, { ...byKey.get(`${r.followerBand}|${r.category}`), [r.metric]: r });
  for (const [key, m] of byKey) {
    if (!m.engagementRate || !m.medianViews) continue;
    const size = Math.min(m.engagementRate.size, m.medianViews.size);
    if (size < MIN_BENCHMARK_COHORT) continue;
    const [followerBand, category] = key.split('|') as [FollowerBand, string];
    out.set(viewCohortKey(followerBand, category || null), {
      category: category || null,
      followerBand,
      size,
      engagementRateP25: cutAt(m.engagementRate.cuts, 25),
      medianViewsP50: cutAt(m.medianViews.cuts, 50),
    });
  }
  return out;
}

export const viewCohortKey = (followerBand: FollowerBand, category: string | null) => `${followerBand}|${category ?? ALL_CATEGORIES}`;

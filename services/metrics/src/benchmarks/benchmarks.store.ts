import type { EntityManager } from '@mikro-orm/postgresql';
import { BENCHMARKED_METRICS, MIN_BENCHMARK_COHORT, type Benchmark, type BenchmarkedMetric, type FollowerBand, type WithheldBenchmark } from '#libs/contracts';
import type { Read } from '#libs/persistence';
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

type BenchmarkRow = Record<BenchmarkedMetric, number | null> & {
  followerBand: FollowerBand | null;
  category: string | null;
  metric: BenchmarkedMetric | null;
  size: number;
  cuts: number[];
  computedAt: Date | string;
};

/**
 * Where the creator stands in its cohort for each benchmarked metric (its `last30v` values): its
 * summary and its cohort's cut points in one select.
 */
export function benchmarksRead(creatorId: string): Read<CreatorBenchmarks> {
  return {
    selects: [
      {
        sql: `select s."follower_band" as "followerBand", s."category", s."engagement_rate" as "engagementRate", s."six_second_view_rate" as "sixSecondViewRate",
            s."completion_rate" as "completionRate", c."metric", c."size", c."cuts", c."computed_at" as "computedAt"
       from ${t('creator_summary')} s
       left join ${t('benchmark_cohorts')} c
         on c."follower_band" = s."follower_band" and c."category" = coalesce(s."category", ?) and c."metric" = any(?::text[])
      where s."creator_id" = ?`,
        params: [ALL_CATEGORIES, `{${BENCHMARKED_METRICS.join(',')}}`, creatorId],
      },
    ],
    result: ([rows]) => benchmarksFrom(rows as BenchmarkRow[]),
  };
}

function benchmarksFrom(rows: readonly BenchmarkRow[]): CreatorBenchmarks {
  const me = rows[0];
  if (!me?.followerBand) return { benchmarks: {}, withheld: {} };
  const out: CreatorBenchmarks = { benchmarks: {}, withheld: {} };
  for (const c of rows) {
    if (!c.metric) continue;
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

/** What the view-pattern signal reads of a creator: its `last30v` summary and its cohort. */
export interface ViewFacts {
  creatorId: string;
  engagementRate: number | null;
  medianViews: number | null;
  updatedAt: Date | string | null;
  /** Null without a follower band, or when the cohort is smaller than `MIN_BENCHMARK_COHORT` (like its benchmark). */
  cohort: ViewCohort | null;
}

type Cut = { size: number | null; cuts: number[] | null };
type ViewFactsRow = Omit<ViewFacts, 'cohort'> & { followerBand: FollowerBand | null; category: string | null; engagement: Cut; views: Cut };

/** Each creator's summary with its cohort's view-pattern cut points, in one select (creators without a summary are left out). */
export function viewFactsRead(creatorIds: readonly string[]): Read<ViewFacts[]> {
  if (!creatorIds.length) return { selects: [], result: () => [] };
  return {
    selects: [
      {
        sql: `select s."creator_id" as "creatorId", s."follower_band" as "followerBand", s."category", s."engagement_rate" as "engagementRate",
            s."median_views" as "medianViews", nullif(s."updated_at", '-infinity') as "updatedAt",
            json_build_object('size', e."size", 'cuts', e."cuts") as "engagement", json_build_object('size', v."size", 'cuts', v."cuts") as "views"
       from ${t('creator_summary')} s
       left join ${t('benchmark_cohorts')} e
         on e."metric" = 'engagementRate' and e."follower_band" = s."follower_band" and e."category" = coalesce(s."category", ?)
       left join ${t('benchmark_cohorts')} v
         on v."metric" = 'medianViews' and v."follower_band" = s."follower_band" and v."category" = coalesce(s."category", ?)
      where s."creator_id" = any(?::uuid[])`,
        params: [ALL_CATEGORIES, ALL_CATEGORIES, `{${creatorIds.join(',')}}`],
      },
    ],
    result: ([rows]) =>
      (rows as ViewFactsRow[]).map(({ followerBand, category, engagement, views, ...summary }) => {
        const size = Math.min(engagement.size ?? 0, views.size ?? 0);
        const cohort =
          followerBand && engagement.cuts && views.cuts && size >= MIN_BENCHMARK_COHORT
            ? { category, followerBand, size, engagementRateP25: cutAt(engagement.cuts, 25), medianViewsP50: cutAt(views.cuts, 50) }
            : null;
        return { ...summary, cohort };
      }),
  };
}

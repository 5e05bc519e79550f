import type { EntityManager } from '@mikro-orm/postgresql';
import { type CreatorKpis, type KpiWindow } from '#libs/contracts';
import { readApart, type Read, type Select } from '#libs/persistence';
import { metricsTable, uuidArray } from '../db.js';
import {
  followerBaselineAt,
  followerGrowthRate,
  FORMULA_VERSION,
  kpiFigures,
  LAST_VIDEOS,
  sumCounters,
  windowStart,
  ZERO_COUNTERS,
  type VideoCounters,
} from './kpi.formulas.js';

export type KpisWithoutBenchmarks = Omit<CreatorKpis, 'benchmarks'>;

const ids = (creatorIds: readonly string[]) => JSON.stringify(creatorIds);
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const later = (a: string | null, b: string | null) => (!a ? b : !b ? a : Date.parse(a) >= Date.parse(b) ? a : b);

interface VideoRow extends VideoCounters {
  creatorId: string;
  observations: number;
  observedAt: Date | string;
  postedAt: Date | string;
}

interface WindowData {
  totals: VideoCounters;
  views: number[];
  observations: number;
  asOf: string | null;
  from: string | null;
}

const COUNTER_COLUMNS = `"views"::float8 as "views", "six_second_views"::float8 as "sixSecondViews",
  "completed_views"::float8 as "completedViews", "likes"::float8 as "likes", "comments"::float8 as "comments", "shares"::float8 as "shares"`;

function emptyWindow(from: string | null): WindowData {
  return { totals: { ...ZERO_COUNTERS }, views: [], observations: 0, asOf: null, from };
}

/** The 30 most recent videos of each creator (one index range scan per creator). */
function lastVideosSelect(creatorIds: readonly string[]): Select {
  return {
    sql: `select k.c as "creatorId", v.* from jsonb_array_elements_text(?::jsonb) as k(c)
       cross join lateral (
         select ${COUNTER_COLUMNS}, "observations", "observed_at" as "observedAt", "posted_at" as "postedAt"
           from ${metricsTable('video_latest')} where "creator_id" = k.c::uuid
          order by "posted_at" desc, "video_id" desc limit ${LAST_VIDEOS}) v`,
    params: [ids(creatorIds)],
  };
}

function lastVideos(creatorIds: readonly string[], rows: readonly VideoRow[]): Map<string, WindowData> {
  const byCreator = new Map<string, VideoRow[]>(creatorIds.map((id) => [id, []]));
  for (const r of rows) byCreator.get(r.creatorId)?.push(r);
  const out = new Map<string, WindowData>();
  for (const id of creatorIds) {
    const mine = byCreator.get(id) ?? [];
    out.set(id, {
      totals: sumCounters(mine),
      views: mine.map((r) => r.views),
      observations: mine.reduce((n, r) => n + r.observations, 0),
      asOf: mine.reduce<string | null>((a, r) => later(a, iso(r.observedAt)), null),
      // The oldest counted video's posting time bounds the window.
      from: mine.length ? iso(mine[mine.length - 1]!.postedAt) : null,
    });
  }
  return out;
}

type SumRow = VideoCounters & { creatorId: string; observations: number; asOf: Date | string | null };

/** Videos posted since `start`: sums from the daily rollup, per-video views for the median. */
function videosSinceSelects(creatorIds: readonly string[], start: Date): Select[] {
  return [
    {
      sql: `select d."creator_id" as "creatorId", sum(d."views")::float8 as "views", sum(d."six_second_views")::float8 as "sixSecondViews",
              sum(d."completed_views")::float8 as "completedViews", sum(d."likes")::float8 as "likes", sum(d."comments")::float8 as "comments",
              sum(d."shares")::float8 as "shares", sum(d."observations")::int as "observations", max(d."latest_observed_at") as "asOf"
         from ${metricsTable('creator_daily')} d
        where d."creator_id" = any(?::uuid[]) and d."day" >= ?::date
        group by d."creator_id"`,
      params: [uuidArray(creatorIds), start.toISOString().slice(0, 10)],
    },
    {
      sql: `select "creator_id" as "creatorId", "views"::float8 as "views" from ${metricsTable('video_latest')}
        where "creator_id" = any(?::uuid[]) and "posted_at" >= ?`,
      params: [uuidArray(creatorIds), start.toISOString()],
    },
  ];
}

function videosSince(creatorIds: readonly string[], start: Date, sums: readonly SumRow[], views: readonly { creatorId: string; views: number }[]): Map<string, WindowData> {
  const out = new Map<string, WindowData>(creatorIds.map((id) => [id, emptyWindow(start.toISOString())]));
  for (const s of sums) {
    Object.assign(out.get(s.creatorId)!, { totals: sumCounters([s]), observations: s.observations, asOf: iso(s.asOf) });
  }
  for (const v of views) out.get(v.creatorId)!.views.push(v.views);
  return out;
}

interface FollowerRow {
  creatorId: string;
  latest: number | null;
  latestAt: Date | string | null;
  baseline: number | null;
}

function followersSelect(creatorIds: readonly string[], baselineAt: Date): Select {
  return {
    sql: `select k.c as "creatorId", l."followers"::float8 as "latest", l."observed_at" as "latestAt", b."followers"::float8 as "baseline"
       from jsonb_array_elements_text(?::jsonb) as k(c)
       left join lateral (select "followers", "observed_at" from ${metricsTable('follower_snapshots')}
                           where "creator_id" = k.c::uuid order by "observed_at" desc limit 1) l on true
       left join lateral (select "followers" from ${metricsTable('follower_snapshots')}
                           where "creator_id" = k.c::uuid and "observed_at" <= ? order by "observed_at" desc limit 1) b on true`,
    params: [ids(creatorIds), baselineAt.toISOString()],
  };
}

/**
 * KPIs of many creators over one window, in a fixed number of selects whatever the number of
 * creators (≤ 200) or of observations behind them.
 */
export function kpisRead(creatorIds: readonly string[], window: KpiWindow, now: Date): Read<Map<string, KpisWithoutBenchmarks>> {
  if (!creatorIds.length) return { selects: [], result: () => new Map() };
  const start = windowStart(window, now);
  const videoSelects = start ? videosSinceSelects(creatorIds, start) : [lastVideosSelect(creatorIds)];
  return {
    selects: [...videoSelects, followersSelect(creatorIds, followerBaselineAt(window, now))],
    result(rows) {
      const videos = start
        ? videosSince(creatorIds, start, rows[0] as SumRow[], rows[1] as { creatorId: string; views: number }[])
        : lastVideos(creatorIds, rows[0] as VideoRow[]);
      const follow = new Map((rows.at(-1) as FollowerRow[]).map((r) => [r.creatorId, r]));
      return kpisOf(creatorIds, window, now, videos, follow);
    },
  };
}

/** KPIs of many creators over one window (see kpisRead), each select its own statement. */
export function readKpis(em: EntityManager, creatorIds: readonly string[], window: KpiWindow, now: Date): Promise<Map<string, KpisWithoutBenchmarks>> {
  return readApart(em, kpisRead(creatorIds, window, now));
}

function kpisOf(
  creatorIds: readonly string[],
  window: KpiWindow,
  now: Date,
  videos: Map<string, WindowData>,
  follow: Map<string, FollowerRow>,
): Map<string, KpisWithoutBenchmarks> {
  const out = new Map<string, KpisWithoutBenchmarks>();
  for (const creatorId of creatorIds) {
    const w = videos.get(creatorId)!;
    const f = follow.get(creatorId);
    const latest = f?.latest ?? null;
    out.set(creatorId, {
      creatorId,
      window,
      asOf: later(w.asOf, iso(f?.latestAt)),
      followers: latest,
      followerGrowthRate: followerGrowthRate(latest, f?.baseline ?? null),
      ...kpiFigures(w.totals, w.views),
      provenance: {
        from: w.from,
        to: now.toISOString(),
        videosCounted: w.views.length,
        observationsCounted: w.observations,
        formulaVersion: FORMULA_VERSION,
      },
    });
  }
  return out;
}

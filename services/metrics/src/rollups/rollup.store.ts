import type { EntityManager } from '@mikro-orm/postgresql';
import type { ObservationsRecordedPayload } from '#libs/contracts';
import { copyIntoStaging, queryBound, stagingColumnList, type StagingColumn } from '#libs/persistence';
import { followerBand, type VideoCounters } from '../kpis/kpi.formulas.js';
import { readKpis } from '../kpis/kpi.reader.js';
import { metricsTable as t } from '../db.js';
import { planVideos, videoKey, type DailyDelta, type VideoDayViews, type VideoLatest } from './rollup.rules.js';
import { refreshAudienceCountries } from '../discovery/audience-countries.store.js';

/**
 * Applies `observations.recorded` events to the rollups inside the consumer's transaction (the
 * events' inbox rows commit with it, so a redelivered event changes nothing). Several events
 * are applied as one: every step is one set-based statement for all of them, and each touched
 * creator's summary is refreshed once, at the end, from the rollups as they now stand. Merging
 * is exact because the rollups depend only on which observations arrived, not on how they were
 * grouped (planVideos orders them by observedAt and observationId).
 */
type Observations = Pick<ObservationsRecordedPayload, 'videos' | 'followers' | 'audience'>;

export async function applyObservations(em: EntityManager, payloads: Observations | readonly Observations[], now = new Date()): Promise<void> {
  const all: readonly Observations[] = Array.isArray(payloads) ? payloads : [payloads as Observations];
  const p = all.length === 1 ? all[0]! : { videos: all.flatMap((e) => e.videos), followers: all.flatMap((e) => e.followers), audience: all.flatMap((e) => e.audience) };
  const creators = [...new Set([...p.videos, ...p.followers, ...p.audience].map((r) => r.creatorId))].sort();
  if (!creators.length) return;
  // Two replicas applying events of the same creator would compute deltas from the same old
  // rows; creator locks (taken in one order, so no deadlock) serialize them.
  await queryBound(
    em,
    `select pg_advisory_xact_lock(hashtextextended('metrics:creator:' || c, 0)) from (select c from unnest($1::text[]) as k(c) order by c) s`,
    [creators],
  );
  if (p.videos.length) await applyVideos(em, p.videos);
  if (p.followers.length) await applyFollowers(em, p.followers);
  if (p.audience.length) {
    await applyAudience(em, p.audience);
    // Discovery's per-country rows follow audience_latest in the same transaction.
    await refreshAudienceCountries(em, p.audience.map((a) => a.creatorId));
  }
  const touched = [...new Set([...p.videos, ...p.followers].map((r) => r.creatorId))];
  if (touched.length) await refreshSummaries(em, touched, now);
}

async function applyVideos(em: EntityManager, videos: ObservationsRecordedPayload['videos']): Promise<void> {
  const keys = [...new Map(videos.map((v) => [videoKey(v), { creatorId: v.creatorId, videoId: v.videoId }])).values()];
  const touched = await copyIntoStaging(em, 'video_keys_staging', KEY_STAGING, keys);
  // Times come back as the ISO text the rules and the staging copy read (no Date per value).
  const iso = (column: string) => `to_char(v."${column}" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const rows = await queryBound<VideoLatest>(
    em,
    `select v."creator_id" as "creatorId", v."video_id" as "videoId", ${iso('posted_at')} as "postedAt", ${iso('observed_at')} as "observedAt",
            v."observation_id" as "observationId", v."views"::float8 as "views", v."six_second_views"::float8 as "sixSecondViews",
            v."completed_views"::float8 as "completedViews", v."likes"::float8 as "likes", v."comments"::float8 as "comments",
            v."shares"::float8 as "shares", v."avg_watch_seconds" as "avgWatchSeconds", v."observations"
       from ${t('video_latest')} v
       join ${touched} k on v."creator_id" = k."creator_id" and v."video_id" = k."video_id"`,
  );
  const current = new Map(rows.map((r) => [videoKey(r), r]));
  const plan = planVideos(current, videos);
  const latest = await copyIntoStaging(em, 'video_latest_staging', LATEST_STAGING, plan.latest);
  await queryBound(
    em,
    `insert into ${t('video_latest')} (${LATEST_COLUMNS})
     select ${LATEST_COLUMNS} from ${latest}
     on conflict ("creator_id", "video_id") do update set
       "posted_at" = excluded."posted_at", "observed_at" = excluded."observed_at", "observation_id" = excluded."observation_id",
       "views" = excluded."views", "six_second_views" = excluded."six_second_views", "completed_views" = excluded."completed_views",
       "likes" = excluded."likes", "comments" = excluded."comments", "shares" = excluded."shares",
       "avg_watch_seconds" = excluded."avg_watch_seconds", "observations" = excluded."observations"`,
  );
  // The day's last observation of each video, for views over time (campaign results).
  const days = await copyIntoStaging(em, 'video_day_staging', DAY_STAGING, plan.days);
  await queryBound(
    em,
    `insert into ${t('video_daily')} as h ("creator_id", "video_id", "day", "views", "observed_at", "observation_id")
     select "creator_id", "video_id", "day", "views", "observed_at", "observation_id" from ${days}
     on conflict ("creator_id", "video_id", "day") do update
       set "views" = excluded."views", "observed_at" = excluded."observed_at", "observation_id" = excluded."observation_id"
     where excluded."observed_at" > h."observed_at"
        or (excluded."observed_at" = h."observed_at" and excluded."observation_id" > coalesce(h."observation_id", '00000000-0000-0000-0000-000000000000'))`,
  );
  const daily = await copyIntoStaging(em, 'creator_daily_staging', DAILY_STAGING, plan.daily);
  await queryBound(
    em,
    `insert into ${t('creator_daily')} as d (${DAILY_COLUMNS})
     select ${DAILY_COLUMNS} from ${daily}
     on conflict ("creator_id", "day") do update set
       "views" = d."views" + excluded."views", "six_second_views" = d."six_second_views" + excluded."six_second_views",
       "completed_views" = d."completed_views" + excluded."completed_views", "likes" = d."likes" + excluded."likes",
       "comments" = d."comments" + excluded."comments", "shares" = d."shares" + excluded."shares",
       "videos_posted" = d."videos_posted" + excluded."videos_posted", "observations" = d."observations" + excluded."observations",
       "latest_observed_at" = greatest(d."latest_observed_at", excluded."latest_observed_at")`,
  );
}

/*
 * The plan's rows reach PostgreSQL by COPY into staging tables of the transaction's connection
 * and one merge each: tens of thousands of rows per transaction, and the server reads tab-separated
 * text far faster than it expands the same rows from a JSON document.
 */
const COUNTER_STAGING = <T extends VideoCounters>(): StagingColumn<T>[] => [
  ['views', 'bigint', (r) => r.views],
  ['six_second_views', 'bigint', (r) => r.sixSecondViews],
  ['completed_views', 'bigint', (r) => r.completedViews],
  ['likes', 'bigint', (r) => r.likes],
  ['comments', 'bigint', (r) => r.comments],
  ['shares', 'bigint', (r) => r.shares],
];
const KEY_STAGING: StagingColumn<{ creatorId: string; videoId: string }>[] = [
  ['creator_id', 'uuid', (r) => r.creatorId],
  ['video_id', 'text', (r) => r.videoId],
];
const LATEST_STAGING: StagingColumn<VideoLatest>[] = [
  ['creator_id', 'uuid', (r) => r.creatorId],
  ['video_id', 'text', (r) => r.videoId],
  ['posted_at', 'timestamptz', (r) => r.postedAt],
  ['observed_at', 'timestamptz', (r) => r.observedAt],
  ['observation_id', 'uuid', (r) => r.observationId],
  ...COUNTER_STAGING<VideoLatest>(),
  ['avg_watch_seconds', 'double precision', (r) => r.avgWatchSeconds],
  ['observations', 'integer', (r) => r.observations],
];
const DAY_STAGING: StagingColumn<VideoDayViews>[] = [
  ['creator_id', 'uuid', (r) => r.creatorId],
  ['video_id', 'text', (r) => r.videoId],
  ['day', 'date', (r) => r.day],
  ['views', 'bigint', (r) => r.views],
  ['observed_at', 'timestamptz', (r) => r.observedAt],
  ['observation_id', 'uuid', (r) => r.observationId],
];
const DAILY_STAGING: StagingColumn<DailyDelta>[] = [
  ['creator_id', 'uuid', (r) => r.creatorId],
  ['day', 'date', (r) => r.day],
  ...COUNTER_STAGING<DailyDelta>(),
  ['videos_posted', 'integer', (r) => r.videosPosted],
  ['observations', 'integer', (r) => r.observations],
  ['latest_observed_at', 'timestamptz', (r) => r.latestObservedAt],
];
const LATEST_COLUMNS = stagingColumnList(LATEST_STAGING);
const DAILY_COLUMNS = stagingColumnList(DAILY_STAGING);

async function applyFollowers(em: EntityManager, snapshots: ObservationsRecordedPayload['followers']): Promise<void> {
  const json = JSON.stringify(snapshots);
  const recordset = `json_to_recordset($1::json) as r("observationId" uuid, "creatorId" uuid, "observedAt" timestamptz, "followers" bigint)`;
  // Two snapshots at the same instant: the first stored stays (ingestion already deduplicated by id).
  await queryBound(
    em,
    `insert into ${t('follower_snapshots')} ("creator_id", "observed_at", "followers", "observation_id")
     select "creatorId", "observedAt", "followers", "observationId" from ${recordset}
     on conflict do nothing`,
    [json],
  );
  await queryBound(
    em,
    `insert into ${t('creator_daily')} as d ("creator_id", "day", "followers", "followers_observed_at")
     select distinct on ("creatorId", ("observedAt" at time zone 'UTC')::date)
            "creatorId", ("observedAt" at time zone 'UTC')::date, "followers", "observedAt"
       from ${recordset}
      order by "creatorId", ("observedAt" at time zone 'UTC')::date, "observedAt" desc
     on conflict ("creator_id", "day") do update set
       "followers" = case when d."followers_observed_at" is null or excluded."followers_observed_at" > d."followers_observed_at"
                          then excluded."followers" else d."followers" end,
       "followers_observed_at" = greatest(d."followers_observed_at", excluded."followers_observed_at")`,
    [json],
  );
}

async function applyAudience(em: EntityManager, snapshots: ObservationsRecordedPayload['audience']): Promise<void> {
  await queryBound(
    em,
    `insert into ${t('audience_latest')} as a ("creator_id", "observation_id", "observed_at", "ages", "genders", "countries", "devices")
     select distinct on ("creatorId") "creatorId", "observationId", "observedAt", "ages", "genders", "countries", "devices"
       from json_to_recordset($1::json) as r("observationId" uuid, "creatorId" uuid, "observedAt" timestamptz,
            "ages" jsonb, "genders" jsonb, "countries" jsonb, "devices" jsonb)
      order by "creatorId", "observedAt" desc, "observationId" desc
     on conflict ("creator_id") do update set
       "observation_id" = excluded."observation_id", "observed_at" = excluded."observed_at", "ages" = excluded."ages",
       "genders" = excluded."genders", "countries" = excluded."countries", "devices" = excluded."devices"
     where (excluded."observed_at", excluded."observation_id") > (a."observed_at", a."observation_id")`,
    [JSON.stringify(snapshots)],
  );
}

/** Each touched creator's `last30v` figures, the input of cohorts and discovery. */
async function refreshSummaries(em: EntityManager, creatorIds: string[], now: Date): Promise<void> {
  const kpis = await readKpis(em, creatorIds, 'last30v', now);
  const rows = [...kpis.values()].map((k) => ({
    creatorId: k.creatorId,
    followers: k.followers,
    followerBand: k.followers === null ? null : followerBand(k.followers),
    engagementRate: k.engagementRate,
    sixSecondViewRate: k.sixSecondViewRate,
    completionRate: k.completionRate,
    medianViews: k.medianViews,
    videos: k.videos,
  }));
  await queryBound(
    em,
    `insert into ${t('creator_summary')} ("creator_id", "followers", "follower_band", "engagement_rate", "six_second_view_rate",
       "completion_rate", "median_views", "videos", "updated_at")
     select "creatorId", "followers", "followerBand", "engagementRate", "sixSecondViewRate", "completionRate", "medianViews", "videos", $1::timestamptz
       from json_to_recordset($2::json) as r("creatorId" uuid, "followers" bigint, "followerBand" text, "engagementRate" double precision,
            "sixSecondViewRate" double precision, "completionRate" double precision, "medianViews" double precision, "videos" integer)
     on conflict ("creator_id") do update set
       "followers" = excluded."followers", "follower_band" = excluded."follower_band", "engagement_rate" = excluded."engagement_rate",
       "six_second_view_rate" = excluded."six_second_view_rate", "completion_rate" = excluded."completion_rate",
       "median_views" = excluded."median_views", "videos" = excluded."videos", "updated_at" = excluded."updated_at"`,
    [now.toISOString(), JSON.stringify(rows)],
  );
}

import { z } from 'zod';
import { moneySchema } from '../common/money.js';
import { isoTime } from '../common/time.js';
import { creatorCategorySchema } from '../roster/roster.schemas.js';
import { VIDEO_VERIFICATIONS } from './deliverable-video.rules.js';

/**
 * Creator KPIs as served to the portal and to other services. Every ratio is null when its
 * denominator is zero or there is no data (never NaN), and every response says where its
 * numbers come from (`provenance`).
 */

/** `last30v`: the creator's 30 most recent videos (TikTok's own definition); `Nd`: videos posted in the last N days. */
export const KPI_WINDOWS = ['last30v', '7d', '30d', '90d'] as const;
export const kpiWindowSchema = z.enum(KPI_WINDOWS);
export type KpiWindow = z.infer<typeof kpiWindowSchema>;

const rate = z.number().nonnegative().nullable();

export const FOLLOWER_BANDS = ['under-10k', '10k-100k', '100k-1m', '1m-10m', '10m-plus'] as const;
export const followerBandSchema = z.enum(FOLLOWER_BANDS);
export type FollowerBand = z.infer<typeof followerBandSchema>;

/** The creators a benchmark compares with: same follower band and primary category (null: the whole band). */
export const benchmarkCohortSchema = z.object({ category: z.string().nullable(), followerBand: followerBandSchema, size: z.number().int().nonnegative() });

export const benchmarkSchema = z.object({
  /** Share of the cohort (0–100) at or below this creator's value. */
  percentile: z.number().min(0).max(100),
  cohort: benchmarkCohortSchema,
  p25: z.number().nonnegative(),
  p50: z.number().nonnegative(),
  p75: z.number().nonnegative(),
  /** When the cohort's distribution was last computed. */
  computedAt: isoTime,
});
export type Benchmark = z.infer<typeof benchmarkSchema>;

export const BENCHMARKED_METRICS = ['engagementRate', 'sixSecondViewRate', 'completionRate'] as const;
export type BenchmarkedMetric = (typeof BENCHMARKED_METRICS)[number];

/**
 * Fewest creators a cohort needs before a place in it means anything: "50th percentile of 1
 * creator" is a number, not a comparison. A smaller cohort's benchmark is withheld, with why.
 */
export const MIN_BENCHMARK_COHORT = 5;

export const withheldBenchmarkSchema = z.object({
  reason: z.literal('small_cohort'),
  cohort: benchmarkCohortSchema,
  /** `MIN_BENCHMARK_COHORT`: how many creators the cohort would need. */
  minimumSize: z.number().int().positive(),
});
export type WithheldBenchmark = z.infer<typeof withheldBenchmarkSchema>;

/**
 * Signals are flags a brand or agency should look at before trusting a creator's figures (a
 * follower jump beyond the creator's own history; engagement far below its cohort while views
 * are far above it), each with the numbers behind it. They never hide or demote a creator.
 */
export const SIGNAL_KINDS = ['follower_jump', 'view_pattern'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const followerJumpSignalSchema = z.object({
  kind: z.literal('follower_jump'),
  /** The UTC day whose gain (followers at its end minus at the end of the day before) stands out. */
  day: z.iso.date(),
  evidence: z.object({
    /** Followers gained that day. */
    gain: z.number().int(),
    /** Followers at the end of that day. */
    followers: z.number().int().nonnegative(),
    /** The creator's median daily gain over the history read. */
    typicalGain: z.number(),
    /** Robust spread of the daily gains (1.4826 × their median absolute deviation, with a floor). */
    deviation: z.number().nonnegative(),
    /** How many deviations above the typical gain a day must be to flag. */
    deviations: z.number().positive(),
    /** The gain that day had to exceed: typicalGain + deviations × deviation (and at least the minimum jump). */
    threshold: z.number(),
    /** Day-over-day gains the typical gain was taken from. */
    historyDays: z.number().int().nonnegative(),
  }),
});

export const viewPatternSignalSchema = z.object({
  kind: z.literal('view_pattern'),
  /** When the creator's `last30v` figures compared here were last refreshed. */
  detectedAt: isoTime,
  evidence: z.object({
    /** The creator's engagement rate over its 30 most recent videos. */
    engagementRate: z.number().nonnegative(),
    /** The cohort's 25th percentile of engagement rate. */
    cohortEngagementRateP25: z.number().nonnegative(),
    /** Flagged below this: cohortEngagementRateP25 × the engagement factor. */
    engagementRateBelow: z.number().nonnegative(),
    /** The creator's median views per video over the same videos. */
    medianViews: z.number().nonnegative(),
    /** The cohort's median of median views. */
    cohortMedianViews: z.number().nonnegative(),
    /** Flagged above this: cohortMedianViews × the views factor. */
    medianViewsAbove: z.number().nonnegative(),
    cohort: benchmarkCohortSchema,
  }),
});

export const signalSchema = z.discriminatedUnion('kind', [followerJumpSignalSchema, viewPatternSignalSchema]);
export type Signal = z.infer<typeof signalSchema>;
export type FollowerJumpSignal = z.infer<typeof followerJumpSignalSchema>;
export type ViewPatternSignal = z.infer<typeof viewPatternSignalSchema>;

/** A creator's signals, newest first; an empty list when nothing stands out (or too little history to say). */
export const creatorSignalsSchema = z.object({
  creatorId: z.uuid(),
  signals: z.array(signalSchema),
});
export type CreatorSignals = z.infer<typeof creatorSignalsSchema>;

export const provenanceSchema = z.object({
  /** Window start (null for `last30v` without videos). */
  from: isoTime.nullable(),
  /** Window end: the moment the KPIs were read. */
  to: isoTime,
  videosCounted: z.number().int().nonnegative(),
  /** Observations received for the counted videos (each video counts its latest one). */
  observationsCounted: z.number().int().nonnegative(),
  formulaVersion: z.string(),
});

export const creatorKpisSchema = z.object({
  creatorId: z.uuid(),
  window: kpiWindowSchema,
  /** Latest `observedAt` among the observations counted; null without data. */
  asOf: isoTime.nullable(),
  followers: z.number().int().nonnegative().nullable(),
  followerGrowthRate: z.number().nullable(),
  videos: z.number().int().nonnegative(),
  avgViews: z.number().nonnegative().nullable(),
  medianViews: z.number().nonnegative().nullable(),
  sixSecondViewRate: rate,
  completionRate: rate,
  engagementRate: rate,
  views: z.number().int().nonnegative(),
  engagements: z.object({ likes: z.number().int().nonnegative(), comments: z.number().int().nonnegative(), shares: z.number().int().nonnegative() }),
  provenance: provenanceSchema,
  benchmarks: z
    .object({ engagementRate: benchmarkSchema.optional(), sixSecondViewRate: benchmarkSchema.optional(), completionRate: benchmarkSchema.optional() })
    .optional(),
  /** Benchmarks not given, and why (a cohort smaller than `MIN_BENCHMARK_COHORT`). */
  benchmarksWithheld: z
    .object({ engagementRate: withheldBenchmarkSchema.optional(), sixSecondViewRate: withheldBenchmarkSchema.optional(), completionRate: withheldBenchmarkSchema.optional() })
    .optional(),
  /** For `last30v` only: anomalies to look at, with their evidence (`metrics.signals.get.v1`). */
  signals: z.array(signalSchema).optional(),
});
export type CreatorKpis = z.infer<typeof creatorKpisSchema>;

const shares = z.record(z.string(), z.number().min(0).max(1));

export const audienceSchema = z.object({
  creatorId: z.uuid(),
  /** `observedAt` of the snapshot shown; null when none was ingested yet (every map is then null). */
  asOf: isoTime.nullable(),
  ages: shares.nullable(),
  genders: shares.nullable(),
  countries: shares.nullable(),
  devices: shares.nullable(),
});
export type Audience = z.infer<typeof audienceSchema>;

/** Most days a follower series may cover (a year). */
export const MAX_SERIES_DAYS = 365;

export const seriesSchema = z.object({
  creatorId: z.uuid(),
  /** First UTC day covered; the last is today. */
  from: z.iso.date(),
  /** Followers at the end of each UTC day that had a snapshot, oldest first (days without one are left out, not guessed). */
  followers: z.array(z.object({ day: z.iso.date(), followers: z.number().int().nonnegative() })),
  /** The creator's 30 most recent videos, oldest posting first, each as its latest observation counts it. */
  videos: z.array(
    z.object({
      videoId: z.string(),
      postedAt: isoTime,
      views: z.number().int().nonnegative(),
      /** (likes + comments + shares) / views; null without views. */
      engagementRate: rate,
    }),
  ),
  /** Latest `observedAt` behind any point; null without data. */
  asOf: isoTime.nullable(),
});
export type Series = z.infer<typeof seriesSchema>;

/** Orders of the marketplace list, each descending (ties by creator id). */
export const DISCOVERY_SORTS = ['followers', 'engagementRate'] as const;
export type DiscoverySort = (typeof DISCOVERY_SORTS)[number];
/** A country filter keeps creators with at least this share of their audience there unless `minCountryShare` says otherwise. */
export const DEFAULT_MIN_COUNTRY_SHARE = 0.1;
export const MAX_DISCOVERY_PAGE = 100;

export const discoveredCreatorSchema = z.object({
  creatorId: z.uuid(),
  handle: z.string(),
  displayName: z.string(),
  /** In the creator's order (the first is the primary one). */
  categories: z.array(creatorCategorySchema),
  followers: z.number().int().nonnegative(),
  followerBand: followerBandSchema,
  /** Over the creator's 30 most recent videos (`last30v`); null without views. */
  engagementRate: rate,
  medianViews: z.number().nonnegative().nullable(),
  /** The audience share in the filtered country; null without a country filter. */
  countryShare: z.number().min(0).max(1).nullable(),
  /** The creator's three largest audience countries, largest first (empty without audience data). */
  topCountries: z.array(z.object({ country: z.string(), share: z.number().min(0).max(1) })).max(3),
  /** Anomalies in the creator's figures, with evidence; flagged here, never filtered or sorted on. */
  signals: z.array(signalSchema),
});
export type DiscoveredCreator = z.infer<typeof discoveredCreatorSchema>;

const count = z.number().int().nonnegative();

/** One video linked to an offer by an approved submission, as its latest observation has it. */
export const offerVideoPerformanceSchema = z.object({
  videoId: z.string(),
  views: count,
  /** likes + comments + shares. */
  engagements: count,
  engagementRate: rate,
  /** When the counted observation was taken; null while no observation of the video has arrived (its counters are then 0). */
  observedAt: isoTime.nullable(),
  /** When the creator posted it, as metrics knows it; null while unseen. */
  postedAt: isoTime.nullable(),
  /** Only `verified` videos (the creator's own, posted at or after acceptance) count in the offer's figures; the others show 0. */
  verification: z.enum(VIDEO_VERIFICATIONS),
});

/**
 * How an offer's approved content performs for its price. Each approved deliverable counts its
 * current video (a later approved round replaces an earlier one). `price` is null until the
 * offer is accepted; `cpm` (price per thousand views) and `cpe` (price per engagement) are in
 * the price's currency, rounded to whole minor units, and null without a price, views or
 * engagements.
 */
export const offerPerformanceSchema = z.object({
  offerId: z.uuid(),
  price: moneySchema.nullable(),
  videos: z.array(offerVideoPerformanceSchema),
  views: count,
  engagements: count,
  engagementRate: rate,
  cpm: moneySchema.nullable(),
  cpe: moneySchema.nullable(),
  /** Latest `observedAt` among the observations counted; null without any. */
  asOf: isoTime.nullable(),
  provenance: z.object({
    /** Linked videos counted: the verified ones (seen by metrics, the creator's, posted at or after acceptance). */
    videosCounted: count,
    /** Linked videos not counted: unseen yet, posted before acceptance, or another creator's. */
    videosNotCounted: count,
    /** Observations received for the counted videos (each video counts its latest one). */
    observationsCounted: count,
    formulaVersion: z.string(),
  }),
});
export type OfferPerformance = z.infer<typeof offerPerformanceSchema>;

/** Views of an offer's verified videos at the end of each UTC day (each video carried forward between its observations). */
export const dayViewsSchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), views: count });
export type DayViews = z.infer<typeof dayViewsSchema>;

/** An offer's performance with whom it was made with and when it was accepted, for a campaign's results. */
export const offerPerformanceItemSchema = offerPerformanceSchema.extend({
  creatorId: z.uuid(),
  acceptedAt: isoTime.nullable(),
  /** The verified videos' views over time, oldest day first (the most recent 120 days). */
  viewsOverTime: z.array(dayViewsSchema).optional(),
});
export type OfferPerformanceItem = z.infer<typeof offerPerformanceItemSchema>;

/**
 * A set of offers taken together (a campaign): their counted videos summed, and CPM and CPE of
 * `spend` (what the caller says was spent on them) over those views and engagements.
 */
export const offersTotalsSchema = z.object({
  views: count,
  engagements: count,
  engagementRate: rate,
  cpm: moneySchema.nullable(),
  cpe: moneySchema.nullable(),
  asOf: isoTime.nullable(),
  videosCounted: count,
  videosNotCounted: count,
  observationsCounted: count,
  formulaVersion: z.string(),
});
export type OffersTotals = z.infer<typeof offersTotalsSchema>;

/** Most offers one performance batch may name (a campaign's deals). */
export const MAX_OFFER_PERFORMANCE_BATCH = 200;

/** What metrics knows of one video id: under which creator it was observed and when it was posted. */
export const knownVideoSchema = z.object({ videoId: z.string(), creatorId: z.uuid(), postedAt: isoTime });

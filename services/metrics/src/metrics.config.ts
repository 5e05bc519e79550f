import { z } from 'zod';
import { DEFAULT_ANOMALY_THRESHOLDS as D } from './signals/anomaly.rules.js';

/** Metrics' own environment, validated at boot with the base variables. */
export const metricsConfigSchema = z.object({
  /** How often cohort benchmarks are recomputed from every creator's summary (one replica at a time). */
  BENCHMARK_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  /** Signals (docs/metrics.md, "Signals"): robust deviations above a creator's typical daily gain that make a follower jump. */
  SIGNAL_JUMP_DEVIATIONS: z.coerce.number().positive().default(D.jumpDeviations),
  /** Day-over-day gains a creator needs before a jump can be called. */
  SIGNAL_MIN_HISTORY_DAYS: z.coerce.number().int().min(3).default(D.minHistoryDays),
  /** Smallest follower gain that may flag at all. */
  SIGNAL_MIN_JUMP_FOLLOWERS: z.coerce.number().int().nonnegative().default(D.minJumpFollowers),
  /** Engagement flags below the cohort's p25 times this… */
  SIGNAL_ENGAGEMENT_FACTOR: z.coerce.number().positive().max(1).default(D.engagementFactor),
  /** …while median views are above the cohort's median times this. */
  SIGNAL_VIEWS_FACTOR: z.coerce.number().min(1).default(D.viewsFactor),
});
export type MetricsConfig = z.infer<typeof metricsConfigSchema>;

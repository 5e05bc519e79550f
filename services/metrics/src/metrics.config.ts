import { z } from 'zod';

/** Metrics' own environment, validated at boot with the base variables. */
export const metricsConfigSchema = z.object({
  /** How often cohort benchmarks are recomputed from every creator's summary (one replica at a time). */
  BENCHMARK_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
});
export type MetricsConfig = z.infer<typeof metricsConfigSchema>;

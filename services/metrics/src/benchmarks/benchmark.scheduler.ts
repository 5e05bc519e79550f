import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork, LOGGER, PeriodicTask, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { MetricsConfig } from '../metrics.config.js';
import { recomputeBenchmarks } from './benchmarks.store.js';

/**
 * Recomputes cohort benchmarks every BENCHMARK_INTERVAL_MS, and once at start so a fresh
 * replica does not answer without them until the first tick. Replicas may all run it: the
 * recomputation takes a lock and a replica that finds it held skips its turn.
 */
@Injectable()
export class BenchmarkScheduler extends PeriodicTask {
  constructor(@Inject(UnitOfWork) uow: UnitOfWork, @Inject(SERVICE_CONFIG) config: MetricsConfig, @Inject(LOGGER) logger: Logger) {
    super('benchmark recomputation', config.BENCHMARK_INTERVAL_MS, () => uow.run((em) => recomputeBenchmarks(em)).then(() => undefined), logger, { runAtStart: true });
  }

  /** One recomputation now (joining one in progress). */
  recompute(): Promise<void> {
    return this.run();
  }
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork, LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { MetricsConfig } from '../metrics.config.js';
import { recomputeBenchmarks } from './benchmarks.store.js';

/** Recomputes cohort benchmarks every BENCHMARK_INTERVAL_MS (and once at start). */
@Injectable()
export class BenchmarkScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<boolean>;

  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(SERVICE_CONFIG) private readonly config: MetricsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.recompute(), this.config.BENCHMARK_INTERVAL_MS);
    this.timer.unref();
    void this.recompute();
  }

  /** Runs one recomputation (joining one in progress); false if another replica held the lock. */
  recompute(): Promise<boolean> {
    this.running ??= this.uow
      .run((em) => recomputeBenchmarks(em))
      .catch((err: unknown) => {
        this.logger.warn({ err }, 'benchmark recomputation failed; will retry');
        return false;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }
}

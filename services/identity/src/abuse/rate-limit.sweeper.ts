import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, PeriodicTask } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import { RateLimiter } from './rate-limiter.js';

const EVERY_MS = 5 * 60_000;

/** Drops rate-limit windows that ended, so the table holds only the current ones. */
@Injectable()
export class RateLimitSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(@Inject(RateLimiter) limiter: RateLimiter, @Inject(LOGGER) logger: Logger) {
    this.task = new PeriodicTask('rate-limit pruning', EVERY_MS, () => limiter.prune(), logger);
  }

  onModuleInit() {
    this.task.start();
  }

  sweep(): Promise<void> {
    return this.task.run();
  }

  onApplicationShutdown() {
    return this.task.stop();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, PeriodicTask } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import { RateLimiter } from './rate-limiter.js';

const EVERY_MS = 5 * 60_000;

/** Drops rate-limit windows that ended, so the table holds only the current ones. */
@Injectable()
export class RateLimitSweeper extends PeriodicTask {
  constructor(@Inject(RateLimiter) limiter: RateLimiter, @Inject(LOGGER) logger: Logger) {
    super('rate-limit pruning', EVERY_MS, () => limiter.prune(), logger);
  }
}

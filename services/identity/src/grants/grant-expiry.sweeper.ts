import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { IdentityConfig } from '../identity.config.js';
import { RateLimiter } from '../abuse/rate-limiter.js';
import { GrantsService } from './grants.service.js';

/**
 * Records expiries that time has already decided: every decision refuses a grant from its
 * `expiresAt` on, with or without this; the sweep writes the status, the audit entry and the
 * `expired` event for projections (roster). Replicas share the work (SKIP LOCKED).
 */
@Injectable()
export class GrantExpirySweeper implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(GrantsService) private readonly grants: GrantsService,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.config.GRANT_EXPIRY_SWEEP_MS);
    this.timer.unref();
  }

  async sweep(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        let n: number;
        do n = await this.grants.expireDue();
        while (n === 100 && this.timer);
        await this.limiter.prune();
      } catch (err) {
        this.logger.warn({ err }, 'grant expiry sweep failed; will retry');
      }
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

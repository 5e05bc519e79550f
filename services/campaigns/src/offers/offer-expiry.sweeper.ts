import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { CampaignsConfig } from '../campaigns.config.js';
import { EXPIRY_BATCH, OffersService } from './offers.service.js';

/**
 * Records expiries that time has already decided: every read shows an offer past `respondBy`
 * as expired with or without this; the sweep writes the status, the audit entry and the
 * `expired` event for negotiation and the other projections. Replicas share the work.
 */
@Injectable()
export class OfferExpirySweeper implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(OffersService) private readonly offers: OffersService,
    @Inject(SERVICE_CONFIG) private readonly config: CampaignsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.config.OFFER_EXPIRY_SWEEP_MS);
    this.timer.unref();
  }

  /** Expires everything due now, batch after batch; a sweep already running is joined, not doubled. */
  async sweep(): Promise<number> {
    if (this.running) {
      await this.running;
      return 0;
    }
    let total = 0;
    this.running = (async () => {
      try {
        let n: number;
        do {
          n = await this.offers.expireDue();
          total += n;
        } while (n === EXPIRY_BATCH && this.timer);
      } catch (err) {
        this.logger.warn({ err }, 'offer expiry sweep failed; will retry');
      }
    })().finally(() => (this.running = undefined));
    await this.running;
    return total;
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, PeriodicTask, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { CampaignsConfig } from '../campaigns.config.js';
import { EXPIRY_BATCH, OffersService } from './offers.service.js';

/**
 * Records expiries that time has already decided: every read shows an offer past `respondBy`
 * as expired with or without this; the sweep writes the status, the audit entry and the
 * `expired` event for negotiation and the other projections. Replicas share the work
 * (SKIP LOCKED), so each offer expires exactly once.
 */
@Injectable()
export class OfferExpirySweeper extends PeriodicTask {
  constructor(@Inject(OffersService) offers: OffersService, @Inject(SERVICE_CONFIG) config: CampaignsConfig, @Inject(LOGGER) logger: Logger) {
    super(
      'offer expiry sweep',
      config.OFFER_EXPIRY_SWEEP_MS,
      async (active) => {
        let n: number;
        do n = await offers.expireDue();
        while (n === EXPIRY_BATCH && active());
      },
      logger,
    );
  }
}

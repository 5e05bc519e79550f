import { Inject, Injectable } from '@nestjs/common';
import { drainInBatches, LOGGER, PeriodicTask, SERVICE_CONFIG } from '#libs/service-defaults';
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
      async (active) => void (await drainInBatches(() => offers.expireDue(), EXPIRY_BATCH, active)),
      logger,
    );
  }
}

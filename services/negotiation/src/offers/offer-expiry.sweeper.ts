import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { NegotiationConfig } from '../negotiation.config.js';
import { ClockedSweeper } from '../common/clocked-sweeper.js';
import { EXPIRY_BATCH, OfferLifecycle } from './offer-lifecycle.js';

/**
 * Records the expiry of offers nobody answered by `respondBy`: reads and commands already treat
 * them as expired; the sweep writes the status, the audit entries and the `expired` event for
 * the projections. Each offer expires exactly once.
 */
@Injectable()
export class OfferExpirySweeper extends ClockedSweeper {
  constructor(@Inject(OfferLifecycle) lifecycle: OfferLifecycle, @Inject(SERVICE_CONFIG) config: NegotiationConfig, @Inject(LOGGER) logger: Logger) {
    super('offer expiry sweep', config.OFFER_EXPIRY_SWEEP_MS, (now) => lifecycle.expireDue(now, EXPIRY_BATCH), EXPIRY_BATCH, logger);
  }
}

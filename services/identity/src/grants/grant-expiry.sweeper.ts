import { Inject, Injectable } from '@nestjs/common';
import { drainInBatches, LOGGER, PeriodicTask, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { IdentityConfig } from '../identity.config.js';
import { EXPIRY_BATCH, GrantsService } from './grants.service.js';

/**
 * Records expiries that time has already decided: every decision refuses a grant from its
 * `expiresAt` on, with or without this; the sweep writes the status, the audit entry and the
 * `expired` event for projections (roster). Replicas share the work (SKIP LOCKED).
 */
@Injectable()
export class GrantExpirySweeper extends PeriodicTask {
  constructor(@Inject(GrantsService) grants: GrantsService, @Inject(SERVICE_CONFIG) config: IdentityConfig, @Inject(LOGGER) logger: Logger) {
    super(
      'grant expiry sweep',
      config.GRANT_EXPIRY_SWEEP_MS,
      async (active) => void (await drainInBatches(() => grants.expireDue(), EXPIRY_BATCH, active)),
      logger,
    );
  }
}

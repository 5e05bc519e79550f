import { Inject, Injectable } from '@nestjs/common';
import { drainInBatches, LOGGER, PeriodicTask, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { NegotiationConfig } from '../negotiation.config.js';
import { FeedbackService } from './feedback.service.js';

const BATCH = 100;

/** Approves every draft due by `now`, batch after batch; returns how many. */
function approveAllDue(feedback: FeedbackService, now: Date, active: () => boolean): Promise<number> {
  return drainInBatches(() => feedback.approveDue(now, BATCH), BATCH, active);
}

/**
 * Approves, on a timer, drafts nobody reviewed within the contract's review window. Every
 * replica sweeps; each offer is taken with SKIP LOCKED, so they never approve a draft twice.
 */
@Injectable()
export class DeemedApprovalSweeper extends PeriodicTask {
  constructor(
    @Inject(FeedbackService) private readonly feedback: FeedbackService,
    @Inject(SERVICE_CONFIG) config: NegotiationConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super('deemed approval sweep', config.DEEMED_APPROVAL_SWEEP_MS, (active) => approveAllDue(feedback, new Date(), active).then(() => undefined), logger);
  }

  /** One sweep as of `now`, the clock a test injects; returns how many drafts it approved. */
  sweep(now: Date): Promise<number> {
    return approveAllDue(this.feedback, now, () => true);
  }
}

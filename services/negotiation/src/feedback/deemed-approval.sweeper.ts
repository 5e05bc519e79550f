import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { NegotiationConfig } from '../negotiation.config.js';
import { ClockedSweeper } from '../common/clocked-sweeper.js';
import { FeedbackService } from './feedback.service.js';

const BATCH = 100;

/** Approves, on a timer, drafts nobody reviewed within the contract's review window; never one twice. */
@Injectable()
export class DeemedApprovalSweeper extends ClockedSweeper {
  constructor(@Inject(FeedbackService) feedback: FeedbackService, @Inject(SERVICE_CONFIG) config: NegotiationConfig, @Inject(LOGGER) logger: Logger) {
    super('deemed approval sweep', config.DEEMED_APPROVAL_SWEEP_MS, (now) => feedback.approveDue(now, BATCH), BATCH, logger);
  }
}

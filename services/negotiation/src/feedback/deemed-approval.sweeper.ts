import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, PeriodicTask, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { NegotiationConfig } from '../negotiation.config.js';
import { FeedbackService } from './feedback.service.js';

const BATCH = 100;

/**
 * Approves, on a timer, drafts nobody reviewed within the contract's review window. Every
 * replica sweeps; each offer is taken with SKIP LOCKED, so they never approve a draft twice.
 */
@Injectable()
export class DeemedApprovalSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(FeedbackService) private readonly feedback: FeedbackService,
    @Inject(SERVICE_CONFIG) config: NegotiationConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask('deemed approval sweep', config.DEEMED_APPROVAL_SWEEP_MS, (active) => this.sweep(new Date(), active).then(() => undefined), logger);
  }

  onModuleInit() {
    this.task.start();
  }

  /** Approves every draft due by `now` (the timer passes the wall clock; tests pass their own); returns how many. */
  async sweep(now: Date, active: () => boolean = () => true): Promise<number> {
    let total = 0;
    let n: number;
    do {
      n = await this.feedback.approveDue(now, BATCH);
      total += n;
    } while (n === BATCH && active());
    return total;
  }

  onApplicationShutdown() {
    return this.task.stop();
  }
}

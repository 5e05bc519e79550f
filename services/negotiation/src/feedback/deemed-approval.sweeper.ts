import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { NegotiationConfig } from '../negotiation.config.js';
import { FeedbackService } from './feedback.service.js';

const BATCH = 100;

/** Approves, on a timer, drafts nobody reviewed within the contract's review window. */
@Injectable()
export class DeemedApprovalSweeper implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(FeedbackService) private readonly feedback: FeedbackService,
    @Inject(SERVICE_CONFIG) private readonly config: NegotiationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(new Date()), this.config.DEEMED_APPROVAL_SWEEP_MS);
    this.timer.unref();
  }

  /** One sweep as of `now` (the timer passes the wall clock; tests pass their own). */
  async sweep(now: Date): Promise<number> {
    if (this.running) return this.running;
    this.running = (async () => {
      let total = 0;
      try {
        let n: number;
        do {
          n = await this.feedback.approveDue(now, BATCH);
          total += n;
        } while (n === BATCH);
        if (total) this.logger.info({ approved: total }, 'drafts deemed approved');
      } catch (err) {
        this.logger.warn({ err }, 'deemed approval sweep failed; will retry');
      }
      return total;
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

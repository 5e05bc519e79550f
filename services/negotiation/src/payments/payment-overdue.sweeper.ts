import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { NegotiationConfig } from '../negotiation.config.js';
import { ClockedSweeper } from '../common/clocked-sweeper.js';
import { OVERDUE_BATCH, PaymentsService } from './payments.service.js';

/** Records payments that passed their due date unpaid: status, audit entries, `payment.overdue` event; each once. */
@Injectable()
export class PaymentOverdueSweeper extends ClockedSweeper {
  constructor(@Inject(PaymentsService) payments: PaymentsService, @Inject(SERVICE_CONFIG) config: NegotiationConfig, @Inject(LOGGER) logger: Logger) {
    super('payment overdue sweep', config.PAYMENT_OVERDUE_SWEEP_MS, (now) => payments.markOverdue(now, OVERDUE_BATCH), OVERDUE_BATCH, logger);
  }
}

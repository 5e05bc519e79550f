import { Module } from '@nestjs/common';
import { GrantCopyHandlers } from '#libs/service-defaults';
import { OfferAccess } from './access/negotiation-access.js';
import { NegotiationAudit } from './audit/negotiation-audit.js';
import { PolicyService } from './policy/policy.service.js';
import { PolicyNatsController } from './policy/policy.nats.controller.js';
import { ProposalsService } from './offers/proposals.service.js';
import { DecisionsService } from './offers/decisions.service.js';
import { OfferLifecycle } from './offers/offer-lifecycle.js';
import { OffersNatsController } from './offers/offers.nats.controller.js';
import { OfferExpirySweeper } from './offers/offer-expiry.sweeper.js';
import { MessagesService } from './messages/messages.service.js';
import { MessagesNatsController } from './messages/messages.nats.controller.js';
import { FeedbackService } from './feedback/feedback.service.js';
import { FeedbackNatsController } from './feedback/feedback.nats.controller.js';
import { DeemedApprovalSweeper } from './feedback/deemed-approval.sweeper.js';
import { PaymentLedger } from './payments/payment-ledger.js';
import { PaymentsService } from './payments/payments.service.js';
import { StatementsService } from './payments/statements.service.js';
import { PaymentsOverviewService } from './payments/payments-overview.service.js';
import { PaymentsNatsController } from './payments/payments.nats.controller.js';
import { PaymentOverdueSweeper } from './payments/payment-overdue.sweeper.js';
import { CommissionHandlers } from './payments/commission.handlers.js';
import { CancellationService } from './cancellation/cancellation.service.js';
import { CancellationNatsController } from './cancellation/cancellation.nats.controller.js';
import { ContractService } from './contract/contract.service.js';
import { ContractNatsController } from './contract/contract.nats.controller.js';

@Module({
  controllers: [OffersNatsController, PolicyNatsController, MessagesNatsController, FeedbackNatsController, PaymentsNatsController, CancellationNatsController, ContractNatsController],
  providers: [
    OfferAccess,
    NegotiationAudit,
    PolicyService,
    ProposalsService,
    DecisionsService,
    OfferLifecycle,
    OfferExpirySweeper,
    MessagesService,
    FeedbackService,
    DeemedApprovalSweeper,
    GrantCopyHandlers,
    PaymentLedger,
    PaymentsService,
    StatementsService,
    PaymentsOverviewService,
    PaymentOverdueSweeper,
    CommissionHandlers,
    CancellationService,
    ContractService,
  ],
})
export class NegotiationModule {}

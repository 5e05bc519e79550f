import { Controller, Inject } from '@nestjs/common';
import { negotiationContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { PaymentsService } from './payments.service.js';
import { StatementsService } from './statements.service.js';
import { PaymentsOverviewService } from './payments-overview.service.js';

@Controller()
export class PaymentsNatsController {
  constructor(
    @Inject(PaymentsService) private readonly payments: PaymentsService,
    @Inject(StatementsService) private readonly statements: StatementsService,
    @Inject(PaymentsOverviewService) private readonly overview: PaymentsOverviewService,
  ) {}

  @RpcHandler(c.paymentsList)
  list(@RpcPayload() req: Payload<typeof c.paymentsList>, @RpcPrincipal() principal: Principal) {
    return this.payments.list(principal, req.offerId);
  }

  @RpcHandler(c.paymentInvoice)
  invoice(@RpcPayload() req: Payload<typeof c.paymentInvoice>, @RpcPrincipal() principal: Principal) {
    return this.payments.invoice(principal, req);
  }

  @RpcHandler(c.paymentPaid)
  paid(@RpcPayload() req: Payload<typeof c.paymentPaid>, @RpcPrincipal() principal: Principal) {
    return this.payments.pay(principal, req);
  }

  @RpcHandler(c.paymentDispute)
  dispute(@RpcPayload() req: Payload<typeof c.paymentDispute>, @RpcPrincipal() principal: Principal) {
    return this.payments.dispute(principal, req);
  }

  @RpcHandler(c.statement)
  statement(@RpcPayload() req: Payload<typeof c.statement>, @RpcPrincipal() principal: Principal) {
    return this.statements.get(principal, req);
  }

  @RpcHandler(c.paymentsOverview)
  overviewList(@RpcPayload() req: Payload<typeof c.paymentsOverview>, @RpcPrincipal() principal: Principal) {
    return this.overview.list(principal, req);
  }
}

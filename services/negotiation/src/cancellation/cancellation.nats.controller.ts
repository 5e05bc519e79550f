import { Controller, Inject } from '@nestjs/common';
import { negotiationContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { CancellationService } from './cancellation.service.js';

@Controller()
export class CancellationNatsController {
  constructor(@Inject(CancellationService) private readonly cancellations: CancellationService) {}

  @RpcHandler(c.cancellationRequest)
  request(@RpcPayload() req: Payload<typeof c.cancellationRequest>, @RpcPrincipal() principal: Principal) {
    return this.cancellations.request(principal, req);
  }

  @RpcHandler(c.cancellationAccept)
  accept(@RpcPayload() req: Payload<typeof c.cancellationAccept>, @RpcPrincipal() principal: Principal) {
    return this.cancellations.accept(principal, req);
  }

  @RpcHandler(c.cancellationDecline)
  decline(@RpcPayload() req: Payload<typeof c.cancellationDecline>, @RpcPrincipal() principal: Principal) {
    return this.cancellations.decline(principal, req);
  }
}

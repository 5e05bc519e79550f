import { Controller, Inject } from '@nestjs/common';
import { rosterContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { CommissionService } from './commission.service.js';

@Controller()
export class CommissionNatsController {
  constructor(@Inject(CommissionService) private readonly commission: CommissionService) {}

  @RpcHandler(c.commissionGet)
  get(@RpcPayload() req: Payload<typeof c.commissionGet>, @RpcPrincipal() principal: Principal) {
    return this.commission.get(principal, req);
  }

  @RpcHandler(c.commissionPut)
  put(@RpcPayload() req: Payload<typeof c.commissionPut>, @RpcPrincipal() principal: Principal) {
    return this.commission.put(principal, req);
  }

  @RpcHandler(c.commissionHistory)
  history(@RpcPayload() req: Payload<typeof c.commissionHistory>, @RpcPrincipal() principal: Principal) {
    return this.commission.history(principal, req);
  }
}

import { Controller, Inject } from '@nestjs/common';
import { campaignsContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { DealsService } from './deals.service.js';

@Controller()
export class DealsNatsController {
  constructor(@Inject(DealsService) private readonly deals: DealsService) {}

  @RpcHandler(c.dealsList)
  list(@RpcPayload() req: Payload<typeof c.dealsList>, @RpcPrincipal() principal: Principal) {
    return this.deals.list(principal, req);
  }
}

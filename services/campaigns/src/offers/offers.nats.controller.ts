import { Controller, Inject } from '@nestjs/common';
import { campaignsContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { OffersService } from './offers.service.js';

@Controller()
export class OffersNatsController {
  constructor(@Inject(OffersService) private readonly offers: OffersService) {}

  @RpcHandler(c.offersSend)
  send(@RpcPayload() req: Payload<typeof c.offersSend>, @RpcPrincipal() principal: Principal) {
    return this.offers.send(principal, req);
  }

  @RpcHandler(c.tabsList)
  tab(@RpcPayload() req: Payload<typeof c.tabsList>, @RpcPrincipal() principal: Principal) {
    return this.offers.tab(principal, req);
  }

  @RpcHandler(c.countsBatch)
  counts(@RpcPayload() req: Payload<typeof c.countsBatch>, @RpcPrincipal() principal: Principal) {
    return this.offers.counts(principal, req.creatorIds);
  }
}

import { Controller, Inject } from '@nestjs/common';
import { rosterContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { RatesService } from './rates.service.js';

@Controller()
export class RatesNatsController {
  constructor(@Inject(RatesService) private readonly rates: RatesService) {}

  @RpcHandler(c.ratesGet)
  get(@RpcPayload() req: Payload<typeof c.ratesGet>, @RpcPrincipal() principal: Principal) {
    return this.rates.get(principal, req.creatorId);
  }

  @RpcHandler(c.ratesBatch)
  batch(@RpcPayload() req: Payload<typeof c.ratesBatch>, @RpcPrincipal() principal: Principal) {
    return this.rates.ofRoster(principal, req.creatorIds);
  }

  @RpcHandler(c.ratesPut)
  put(@RpcPayload() req: Payload<typeof c.ratesPut>, @RpcPrincipal() principal: Principal) {
    return this.rates.put(principal, req);
  }

  @RpcHandler(c.ratesHistory)
  history(@RpcPayload() req: Payload<typeof c.ratesHistory>, @RpcPrincipal() principal: Principal) {
    return this.rates.history(principal, req);
  }
}

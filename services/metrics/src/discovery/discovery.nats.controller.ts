import { Controller, Inject } from '@nestjs/common';
import { metricsContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { DiscoveryService } from './discovery.service.js';

@Controller()
export class DiscoveryNatsController {
  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  @RpcHandler(c.creatorsDiscover)
  discover(@RpcPayload() req: Payload<typeof c.creatorsDiscover>, @RpcPrincipal() principal: Principal) {
    return this.discovery.discover(principal, req);
  }
}

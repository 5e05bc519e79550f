import { Controller, Inject } from '@nestjs/common';
import { negotiationContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { ContractService } from './contract.service.js';

@Controller()
export class ContractNatsController {
  constructor(@Inject(ContractService) private readonly contracts: ContractService) {}

  @RpcHandler(c.contractGet)
  get(@RpcPayload() req: Payload<typeof c.contractGet>, @RpcPrincipal() principal: Principal) {
    return this.contracts.get(principal, req.offerId);
  }

  @RpcHandler(c.contractPdf)
  pdf(@RpcPayload() req: Payload<typeof c.contractPdf>, @RpcPrincipal() principal: Principal) {
    return this.contracts.pdf(principal, req.offerId);
  }

  @RpcHandler(c.contractSign)
  sign(@RpcPayload() req: Payload<typeof c.contractSign>, @RpcPrincipal() principal: Principal) {
    return this.contracts.sign(principal, req);
  }
}

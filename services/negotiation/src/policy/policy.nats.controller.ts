import { Controller, Inject } from '@nestjs/common';
import { negotiationContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { PolicyService } from './policy.service.js';

@Controller()
export class PolicyNatsController {
  constructor(@Inject(PolicyService) private readonly policies: PolicyService) {}

  @RpcHandler(c.policyGet)
  get(@RpcPayload() req: Payload<typeof c.policyGet>, @RpcPrincipal() principal: Principal) {
    return this.policies.get(principal, req.creatorId);
  }

  @RpcHandler(c.policyPut)
  put(@RpcPayload() req: Payload<typeof c.policyPut>, @RpcPrincipal() principal: Principal) {
    return this.policies.put(principal, req);
  }
}

import { Controller, Inject } from '@nestjs/common';
import { identityContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal } from '#libs/service-defaults';
import type { Payload } from '#libs/service-defaults';
import { GrantsService } from './grants.service.js';

@Controller()
export class GrantsNatsController {
  constructor(@Inject(GrantsService) private readonly grants: GrantsService) {}

  @RpcHandler(c.grantsRequest)
  request(@RpcPayload() req: Payload<typeof c.grantsRequest>, @RpcPrincipal() principal: Principal) {
    return this.grants.request(principal, req);
  }

  @RpcHandler(c.grantsApprove)
  approve(@RpcPayload() req: Payload<typeof c.grantsApprove>, @RpcPrincipal() principal: Principal) {
    return this.grants.approve(principal, req);
  }

  @RpcHandler(c.grantsDecline)
  decline(@RpcPayload() req: Payload<typeof c.grantsDecline>, @RpcPrincipal() principal: Principal) {
    return this.grants.decline(principal, req);
  }

  @RpcHandler(c.grantsRevoke)
  revoke(@RpcPayload() req: Payload<typeof c.grantsRevoke>, @RpcPrincipal() principal: Principal) {
    return this.grants.revoke(principal, req);
  }

  @RpcHandler(c.grantsNarrow)
  narrow(@RpcPayload() req: Payload<typeof c.grantsNarrow>, @RpcPrincipal() principal: Principal) {
    return this.grants.narrow(principal, req);
  }

  @RpcHandler(c.grantsGet)
  get(@RpcPayload() req: Payload<typeof c.grantsGet>, @RpcPrincipal() principal: Principal) {
    return this.grants.get(principal, req.grantId);
  }

  @RpcHandler(c.grantsList)
  list(@RpcPayload() req: Payload<typeof c.grantsList>, @RpcPrincipal() principal: Principal) {
    return this.grants.list(principal, req);
  }

  @RpcHandler(c.grantsCheck)
  async check(@RpcPayload() req: Payload<typeof c.grantsCheck>, @RpcPrincipal() principal: Principal) {
    return { grant: await this.grants.check(principal, req.creatorId) };
  }
}

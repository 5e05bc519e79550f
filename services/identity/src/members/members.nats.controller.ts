import { Controller, Inject } from '@nestjs/common';
import { identityContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal } from '#libs/service-defaults';
import type { Payload } from '#libs/service-defaults';
import { MembersService } from './members.service.js';

@Controller()
export class MembersNatsController {
  constructor(@Inject(MembersService) private readonly members: MembersService) {}

  @RpcHandler(c.membersList)
  list(@RpcPayload() req: Payload<typeof c.membersList>, @RpcPrincipal() principal: Principal) {
    return this.members.list(principal, req);
  }

  @RpcHandler(c.membersUpdate)
  update(@RpcPayload() req: Payload<typeof c.membersUpdate>, @RpcPrincipal() principal: Principal) {
    return this.members.update(principal, req);
  }

  @RpcHandler(c.membersRemove)
  remove(@RpcPayload() req: Payload<typeof c.membersRemove>, @RpcPrincipal() principal: Principal) {
    return this.members.remove(principal, req);
  }
}

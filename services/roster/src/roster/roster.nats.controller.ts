import { Controller, Inject } from '@nestjs/common';
import { rosterContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { RosterService } from './roster.service.js';

@Controller()
export class RosterNatsController {
  constructor(@Inject(RosterService) private readonly roster: RosterService) {}

  @RpcHandler(c.entriesList)
  list(@RpcPayload() req: Payload<typeof c.entriesList>, @RpcPrincipal() principal: Principal) {
    return this.roster.list(principal, req);
  }

  @RpcHandler(c.entriesIds)
  ids(@RpcPayload() req: Payload<typeof c.entriesIds>, @RpcPrincipal() principal: Principal) {
    return this.roster.ids(principal, req);
  }

  @RpcHandler(c.entriesGet)
  get(@RpcPayload() req: Payload<typeof c.entriesGet>, @RpcPrincipal() principal: Principal) {
    return this.roster.get(principal, req.creatorIds);
  }

  @RpcHandler(c.assigneesSet)
  setAssignees(@RpcPayload() req: Payload<typeof c.assigneesSet>, @RpcPrincipal() principal: Principal) {
    return this.roster.setAssignees(principal, req);
  }
}

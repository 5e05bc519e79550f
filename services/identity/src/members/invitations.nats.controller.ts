import { Controller, Inject } from '@nestjs/common';
import { identityContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal } from '#libs/service-defaults';
import type { Payload } from '#libs/service-defaults';
import { InvitationsService } from './invitations.service.js';

@Controller()
export class InvitationsNatsController {
  constructor(@Inject(InvitationsService) private readonly invitations: InvitationsService) {}

  @RpcHandler(c.invitationsCreate)
  create(@RpcPayload() req: Payload<typeof c.invitationsCreate>, @RpcPrincipal() principal: Principal) {
    return this.invitations.create(principal, req);
  }

  @RpcHandler(c.invitationsList)
  list(@RpcPayload() req: Payload<typeof c.invitationsList>, @RpcPrincipal() principal: Principal) {
    return this.invitations.list(principal, req);
  }

  @RpcHandler(c.invitationsAccept)
  accept(@RpcPayload() req: Payload<typeof c.invitationsAccept>, @RpcPrincipal() principal: Principal) {
    return this.invitations.accept(principal, req);
  }

  @RpcHandler(c.invitationsDecline)
  decline(@RpcPayload() req: Payload<typeof c.invitationsDecline>, @RpcPrincipal() principal: Principal) {
    return this.invitations.decline(principal, req);
  }
}

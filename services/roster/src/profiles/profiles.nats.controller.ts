import { Controller, Inject } from '@nestjs/common';
import { rosterContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { ProfilesService } from './profiles.service.js';

@Controller()
export class ProfilesNatsController {
  constructor(@Inject(ProfilesService) private readonly profiles: ProfilesService) {}

  @RpcHandler(c.profileGet)
  get(@RpcPayload() req: Payload<typeof c.profileGet>, @RpcPrincipal() principal: Principal) {
    return this.profiles.get(principal, req.creatorId);
  }

  @RpcHandler(c.profileUpdate)
  update(@RpcPayload() req: Payload<typeof c.profileUpdate>, @RpcPrincipal() principal: Principal) {
    return this.profiles.update(principal, req);
  }

  @RpcHandler(c.profilesFind)
  find(@RpcPayload() req: Payload<typeof c.profilesFind>, @RpcPrincipal() principal: Principal) {
    return this.profiles.find(principal, req);
  }

  @RpcHandler(c.visibility)
  visibility(@RpcPayload() req: Payload<typeof c.visibility>) {
    return this.profiles.visibility(req.creatorIds);
  }
}

import { Controller, Inject } from '@nestjs/common';
import { campaignsContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { CampaignsService } from './campaigns.service.js';

@Controller()
export class CampaignsNatsController {
  constructor(@Inject(CampaignsService) private readonly campaigns: CampaignsService) {}

  @RpcHandler(c.campaignsCreate)
  create(@RpcPayload() req: Payload<typeof c.campaignsCreate>, @RpcPrincipal() principal: Principal) {
    return this.campaigns.create(principal, req);
  }

  @RpcHandler(c.campaignsList)
  list(@RpcPayload() req: Payload<typeof c.campaignsList>, @RpcPrincipal() principal: Principal) {
    return this.campaigns.list(principal, req);
  }

  @RpcHandler(c.campaignsGet)
  get(@RpcPayload() req: Payload<typeof c.campaignsGet>, @RpcPrincipal() principal: Principal) {
    return this.campaigns.get(principal, req.campaignId);
  }

  @RpcHandler(c.campaignsUpdate)
  update(@RpcPayload() req: Payload<typeof c.campaignsUpdate>, @RpcPrincipal() principal: Principal) {
    return this.campaigns.update(principal, req);
  }

  @RpcHandler(c.campaignsPause)
  pause(@RpcPayload() req: Payload<typeof c.campaignsPause>, @RpcPrincipal() principal: Principal) {
    return this.campaigns.pause(principal, req);
  }

  @RpcHandler(c.campaignsResume)
  resume(@RpcPayload() req: Payload<typeof c.campaignsResume>, @RpcPrincipal() principal: Principal) {
    return this.campaigns.resume(principal, req);
  }

  @RpcHandler(c.campaignsClose)
  close(@RpcPayload() req: Payload<typeof c.campaignsClose>, @RpcPrincipal() principal: Principal) {
    return this.campaigns.close(principal, req);
  }
}

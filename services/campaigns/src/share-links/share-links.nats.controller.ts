import { Controller, Inject } from '@nestjs/common';
import { campaignsContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { ShareLinksService } from './share-links.service.js';

@Controller()
export class ShareLinksNatsController {
  constructor(@Inject(ShareLinksService) private readonly links: ShareLinksService) {}

  @RpcHandler(c.shareLinksCreate)
  create(@RpcPayload() req: Payload<typeof c.shareLinksCreate>, @RpcPrincipal() principal: Principal) {
    return this.links.create(principal, req);
  }

  @RpcHandler(c.shareLinksList)
  list(@RpcPayload() req: Payload<typeof c.shareLinksList>, @RpcPrincipal() principal: Principal) {
    return this.links.list(principal, req.campaignId);
  }

  @RpcHandler(c.shareLinksRevoke)
  revoke(@RpcPayload() req: Payload<typeof c.shareLinksRevoke>, @RpcPrincipal() principal: Principal) {
    return this.links.revoke(principal, req);
  }

  @RpcHandler(c.shareLinksResolve)
  resolve(@RpcPayload() req: Payload<typeof c.shareLinksResolve>) {
    return this.links.resolve(req.token);
  }
}

import { Controller, Inject } from '@nestjs/common';
import { webhookContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { WebhooksService } from './webhooks.service.js';

@Controller()
export class WebhooksNatsController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @RpcHandler(c.create)
  create(@RpcPayload() req: Payload<typeof c.create>, @RpcPrincipal() principal: Principal) {
    return this.webhooks.create(principal, req);
  }

  @RpcHandler(c.list)
  list(@RpcPayload() req: Payload<typeof c.list>, @RpcPrincipal() principal: Principal) {
    return this.webhooks.list(principal, req.orgId);
  }

  @RpcHandler(c.remove)
  remove(@RpcPayload() req: Payload<typeof c.remove>, @RpcPrincipal() principal: Principal) {
    return this.webhooks.remove(principal, req);
  }

  @RpcHandler(c.test)
  test(@RpcPayload() req: Payload<typeof c.test>, @RpcPrincipal() principal: Principal) {
    return this.webhooks.test(principal, req);
  }

  @RpcHandler(c.rotateSecret)
  rotateSecret(@RpcPayload() req: Payload<typeof c.rotateSecret>, @RpcPrincipal() principal: Principal) {
    return this.webhooks.rotateSecret(principal, req);
  }

  @RpcHandler(c.deliveries)
  deliveries(@RpcPayload() req: Payload<typeof c.deliveries>, @RpcPrincipal() principal: Principal) {
    return this.webhooks.deliveries(principal, req);
  }

  @RpcHandler(c.retry)
  retry(@RpcPayload() req: Payload<typeof c.retry>, @RpcPrincipal() principal: Principal) {
    return this.webhooks.retry(principal, req);
  }
}

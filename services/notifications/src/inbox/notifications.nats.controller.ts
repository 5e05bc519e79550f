import { Controller, Inject } from '@nestjs/common';
import { notificationsContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { NotificationsService } from './notifications.service.js';

@Controller()
export class NotificationsNatsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @RpcHandler(c.list)
  list(@RpcPayload() req: Payload<typeof c.list>, @RpcPrincipal() principal: Principal) {
    return this.notifications.list(principal, req);
  }

  @RpcHandler(c.markRead)
  markRead(@RpcPayload() req: Payload<typeof c.markRead>, @RpcPrincipal() principal: Principal) {
    return this.notifications.markRead(principal, req);
  }
}

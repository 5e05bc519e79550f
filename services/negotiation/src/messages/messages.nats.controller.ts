import { Controller, Inject } from '@nestjs/common';
import { negotiationContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { MessagesService } from './messages.service.js';

@Controller()
export class MessagesNatsController {
  constructor(@Inject(MessagesService) private readonly messages: MessagesService) {}

  @RpcHandler(c.messagesList)
  list(@RpcPayload() req: Payload<typeof c.messagesList>, @RpcPrincipal() principal: Principal) {
    return this.messages.list(principal, req);
  }

  @RpcHandler(c.messagesPost)
  post(@RpcPayload() req: Payload<typeof c.messagesPost>, @RpcPrincipal() principal: Principal) {
    return this.messages.post(principal, req);
  }
}

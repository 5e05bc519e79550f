import { Controller, Inject } from '@nestjs/common';
import { rosterContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { CreatorCardService } from './creator-card.service.js';

@Controller()
export class CreatorCardNatsController {
  constructor(@Inject(CreatorCardService) private readonly card: CreatorCardService) {}

  @RpcHandler(c.cardGet)
  get(@RpcPayload() req: Payload<typeof c.cardGet>, @RpcPrincipal() principal: Principal) {
    return this.card.get(principal, req.creatorId, req.parts);
  }
}

import { Controller, Inject } from '@nestjs/common';
import { metricsRosterContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { FiguresService } from './figures.service.js';

@Controller()
export class FiguresNatsController {
  constructor(@Inject(FiguresService) private readonly figures: FiguresService) {}

  @RpcHandler(c.figuresBatch)
  batch(@RpcPayload() req: Payload<typeof c.figuresBatch>, @RpcPrincipal() principal: Principal) {
    return this.figures.batch(principal, req.creatorIds);
  }

  @RpcHandler(c.figuresRank)
  rank(@RpcPayload() req: Payload<typeof c.figuresRank>, @RpcPrincipal() principal: Principal) {
    return this.figures.rank(principal, req);
  }
}

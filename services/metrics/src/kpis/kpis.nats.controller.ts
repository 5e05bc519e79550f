import { Controller, Inject } from '@nestjs/common';
import { metricsContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { KpisService } from './kpis.service.js';
import { SeriesService } from './series.service.js';
import { SignalsService } from '../signals/signals.service.js';

@Controller()
export class KpisNatsController {
  constructor(
    @Inject(KpisService) private readonly kpis: KpisService,
    @Inject(SeriesService) private readonly series: SeriesService,
    @Inject(SignalsService) private readonly signals: SignalsService,
  ) {}

  @RpcHandler(c.kpisGet)
  get(@RpcPayload() req: Payload<typeof c.kpisGet>, @RpcPrincipal() principal: Principal) {
    return this.kpis.get(principal, req.creatorId, req.window);
  }

  @RpcHandler(c.audienceGet)
  audience(@RpcPayload() req: Payload<typeof c.audienceGet>, @RpcPrincipal() principal: Principal) {
    return this.kpis.audience(principal, req.creatorId);
  }

  @RpcHandler(c.cardGet)
  card(@RpcPayload() req: Payload<typeof c.cardGet>, @RpcPrincipal() principal: Principal) {
    return this.kpis.card(principal, req.creatorId, req.window);
  }

  @RpcHandler(c.seriesGet)
  seriesGet(@RpcPayload() req: Payload<typeof c.seriesGet>, @RpcPrincipal() principal: Principal) {
    return this.series.get(principal, req.creatorId, req.days);
  }

  @RpcHandler(c.signalsGet)
  signalsGet(@RpcPayload() req: Payload<typeof c.signalsGet>, @RpcPrincipal() principal: Principal) {
    return this.signals.get(principal, req.creatorId);
  }
}

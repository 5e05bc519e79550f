import { Controller, Inject } from '@nestjs/common';
import { metricsContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { OfferPerformanceService } from './offer-performance.service.js';

@Controller()
export class OffersNatsController {
  constructor(@Inject(OfferPerformanceService) private readonly performance: OfferPerformanceService) {}

  @RpcHandler(c.offerPerformance)
  get(@RpcPayload() req: Payload<typeof c.offerPerformance>, @RpcPrincipal() principal: Principal) {
    return this.performance.get(principal, req.offerId);
  }

  @RpcHandler(c.offerPerformanceBatch)
  batch(@RpcPayload() req: Payload<typeof c.offerPerformanceBatch>, @RpcPrincipal() principal: Principal) {
    return this.performance.batch(principal, req.offerIds, req.spend);
  }

  @RpcHandler(c.videosLookup)
  lookup(@RpcPayload() req: Payload<typeof c.videosLookup>) {
    return this.performance.lookup(req.videoIds);
  }
}

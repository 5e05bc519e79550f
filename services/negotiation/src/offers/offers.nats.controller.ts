import { Controller, Inject } from '@nestjs/common';
import { negotiationContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { ProposalsService } from './proposals.service.js';
import { DecisionsService } from './decisions.service.js';
import { OfferLifecycle } from './offer-lifecycle.js';

@Controller()
export class OffersNatsController {
  constructor(
    @Inject(ProposalsService) private readonly proposals: ProposalsService,
    @Inject(DecisionsService) private readonly decisions: DecisionsService,
    @Inject(OfferLifecycle) private readonly lifecycle: OfferLifecycle,
  ) {}

  @RpcHandler(c.offersOpen)
  open(@RpcPayload() req: Payload<typeof c.offersOpen>, @RpcPrincipal() principal: Principal) {
    return this.lifecycle.open(principal, req);
  }

  @RpcHandler(c.offersWithdraw)
  withdraw(@RpcPayload() req: Payload<typeof c.offersWithdraw>, @RpcPrincipal() principal: Principal) {
    return this.lifecycle.withdraw(principal, req);
  }

  @RpcHandler(c.offersGet)
  get(@RpcPayload() req: Payload<typeof c.offersGet>, @RpcPrincipal() principal: Principal) {
    return this.proposals.get(principal, req.offerId);
  }

  @RpcHandler(c.versionsList)
  versions(@RpcPayload() req: Payload<typeof c.versionsList>, @RpcPrincipal() principal: Principal) {
    return this.proposals.versions(principal, req);
  }

  @RpcHandler(c.propose)
  propose(@RpcPayload() req: Payload<typeof c.propose>, @RpcPrincipal() principal: Principal) {
    return this.proposals.propose(principal, req);
  }

  @RpcHandler(c.accept)
  accept(@RpcPayload() req: Payload<typeof c.accept>, @RpcPrincipal() principal: Principal) {
    return this.decisions.accept(principal, req);
  }

  @RpcHandler(c.decline)
  decline(@RpcPayload() req: Payload<typeof c.decline>, @RpcPrincipal() principal: Principal) {
    return this.decisions.decline(principal, req);
  }

  @RpcHandler(c.confirm)
  confirm(@RpcPayload() req: Payload<typeof c.confirm>, @RpcPrincipal() principal: Principal) {
    return this.decisions.confirm(principal, req);
  }

  @RpcHandler(c.rejectConfirmation)
  rejectConfirmation(@RpcPayload() req: Payload<typeof c.rejectConfirmation>, @RpcPrincipal() principal: Principal) {
    return this.decisions.rejectConfirmation(principal, req);
  }

  @RpcHandler(c.complete)
  complete(@RpcPayload() req: Payload<typeof c.complete>, @RpcPrincipal() principal: Principal) {
    return this.decisions.complete(principal, req);
  }
}

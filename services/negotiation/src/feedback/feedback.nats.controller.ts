import { Controller, Inject } from '@nestjs/common';
import { negotiationContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { FeedbackService } from './feedback.service.js';

@Controller()
export class FeedbackNatsController {
  constructor(@Inject(FeedbackService) private readonly feedback: FeedbackService) {}

  @RpcHandler(c.submissionsList)
  list(@RpcPayload() req: Payload<typeof c.submissionsList>, @RpcPrincipal() principal: Principal) {
    return this.feedback.list(principal, req.offerId);
  }

  @RpcHandler(c.submit)
  submit(@RpcPayload() req: Payload<typeof c.submit>, @RpcPrincipal() principal: Principal) {
    return this.feedback.submit(principal, req);
  }

  @RpcHandler(c.linkVideo)
  linkVideo(@RpcPayload() req: Payload<typeof c.linkVideo>, @RpcPrincipal() principal: Principal) {
    return this.feedback.linkVideo(principal, req);
  }

  @RpcHandler(c.review)
  review(@RpcPayload() req: Payload<typeof c.review>, @RpcPrincipal() principal: Principal) {
    return this.feedback.review(principal, req);
  }
}

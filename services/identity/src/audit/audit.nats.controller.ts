import { Controller, Inject } from '@nestjs/common';
import { identityContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal } from '#libs/service-defaults';
import type { Payload } from '#libs/service-defaults';
import { AuditService } from './audit.service.js';

@Controller()
export class AuditNatsController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @RpcHandler(c.auditList)
  list(@RpcPayload() req: Payload<typeof c.auditList>, @RpcPrincipal() principal: Principal) {
    return this.audit.list(principal, req);
  }

  @RpcHandler(c.auditRecord)
  record(@RpcPayload() req: Payload<typeof c.auditRecord>, @RpcPrincipal() principal: Principal) {
    return this.audit.record(principal, req);
  }
}

import { Controller, Inject } from '@nestjs/common';
import { apiKeyContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { ApiKeysService } from './api-keys.service.js';

@Controller()
export class ApiKeysNatsController {
  constructor(@Inject(ApiKeysService) private readonly keys: ApiKeysService) {}

  @RpcHandler(c.create)
  create(@RpcPayload() req: Payload<typeof c.create>, @RpcPrincipal() principal: Principal) {
    return this.keys.create(principal, req);
  }

  @RpcHandler(c.list)
  list(@RpcPayload() req: Payload<typeof c.list>, @RpcPrincipal() principal: Principal) {
    return this.keys.list(principal, req);
  }

  @RpcHandler(c.revoke)
  revoke(@RpcPayload() req: Payload<typeof c.revoke>, @RpcPrincipal() principal: Principal) {
    return this.keys.revoke(principal, req.keyId);
  }

  /** Called by the gateway before it trusts an `X-Api-Key`; no principal (the key is the credential). */
  @RpcHandler(c.verify)
  verify(@RpcPayload() req: Payload<typeof c.verify>) {
    return this.keys.verify(req.key);
  }
}

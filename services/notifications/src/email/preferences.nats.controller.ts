import { Controller, Inject } from '@nestjs/common';
import { notificationsContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal, type Payload } from '#libs/service-defaults';
import { PreferencesService } from './preferences.service.js';

@Controller()
export class PreferencesNatsController {
  constructor(@Inject(PreferencesService) private readonly preferences: PreferencesService) {}

  @RpcHandler(c.preferencesGet)
  get(@RpcPayload() req: Payload<typeof c.preferencesGet>, @RpcPrincipal() principal: Principal) {
    return this.preferences.get(principal, req);
  }

  @RpcHandler(c.preferencesPut)
  put(@RpcPayload() req: Payload<typeof c.preferencesPut>, @RpcPrincipal() principal: Principal) {
    return this.preferences.put(principal, req);
  }

  @RpcHandler(c.unsubscribe)
  unsubscribe(@RpcPayload() req: Payload<typeof c.unsubscribe>) {
    return this.preferences.unsubscribe(req);
  }
}

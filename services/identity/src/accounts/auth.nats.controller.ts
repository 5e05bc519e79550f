import { Controller, Inject } from '@nestjs/common';
import { identityContracts as c, type Principal } from '#libs/contracts';
import { RpcHandler, RpcPayload, RpcPrincipal } from '#libs/service-defaults';
import type { Payload } from '#libs/service-defaults';
import { SigningKeys } from '../tokens/signing-keys.js';
import { AccountsService } from './accounts.service.js';
import { NamesService } from './names.service.js';

/** Sessions and accounts over NATS; the logic lives in AccountsService. */
@Controller()
export class AuthNatsController {
  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(SigningKeys) private readonly keys: SigningKeys,
    @Inject(NamesService) private readonly directory: NamesService,
  ) {}

  @RpcHandler(c.signup)
  signup(@RpcPayload() req: Payload<typeof c.signup>) {
    return this.accounts.signup(req);
  }

  @RpcHandler(c.login)
  login(@RpcPayload() req: Payload<typeof c.login>) {
    return this.accounts.login(req);
  }

  @RpcHandler(c.refresh)
  refresh(@RpcPayload() req: Payload<typeof c.refresh>) {
    return this.accounts.refresh(req);
  }

  @RpcHandler(c.logout)
  logout(@RpcPayload() req: Payload<typeof c.logout>, @RpcPrincipal() principal: Principal) {
    return this.accounts.logout(principal, req);
  }

  @RpcHandler(c.namesResolve)
  names(@RpcPayload() req: Payload<typeof c.namesResolve>, @RpcPrincipal() principal: Principal) {
    return this.directory.resolve(principal, req);
  }

  @RpcHandler(c.me)
  me(@RpcPrincipal() principal: Principal) {
    return this.accounts.me(principal);
  }

  @RpcHandler(c.keysList)
  async keysList() {
    return { keys: await this.keys.publicKeys() };
  }
}

import type { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenKeys } from './access-token-keys.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { GrantCache } from './grant-cache.js';
import { GrantEventsListener } from './grant-events.listener.js';
import { AccessGuard } from './access.guard.js';

/** Authentication and authorization for the gateway: registered in GatewayModule. */
export const authProviders: Provider[] = [
  AccessTokenKeys,
  AccessTokenVerifier,
  GrantCache,
  GrantEventsListener,
  { provide: APP_GUARD, useClass: AccessGuard },
];

export { Public, Authorize, CurrentPrincipal } from './decorators.js';

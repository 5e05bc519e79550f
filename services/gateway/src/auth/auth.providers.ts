import type { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenKeys } from './access-token-keys.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { GrantCache } from './grant-cache.js';
import { CreatorVisibility } from './creator-visibility.js';
import { GrantEventsListener } from './grant-events.listener.js';
import { AccessGuard } from './access.guard.js';
import { ApiKeyAuthenticator } from './api-key.authenticator.js';
import { RevokedSessions } from './revoked-sessions.js';
import { SessionEventsListener } from './session-events.listener.js';
import type { AuthConfig } from './auth.config.js';
import { SERVICE_CONFIG } from '#libs/service-defaults';

/** Authentication and authorization for the gateway: registered in GatewayModule. */
export const authProviders: Provider[] = [
  AccessTokenKeys,
  AccessTokenVerifier,
  GrantCache,
  GrantEventsListener,
  CreatorVisibility,
  {
    provide: RevokedSessions,
    inject: [SERVICE_CONFIG],
    useFactory: (config: AuthConfig) => new RevokedSessions(config.AUTH_SESSION_REVOCATION_RETAIN_MS),
  },
  SessionEventsListener,
  ApiKeyAuthenticator,
  { provide: APP_GUARD, useClass: AccessGuard },
];

export { Public, Authorize, CurrentPrincipal } from './decorators.js';

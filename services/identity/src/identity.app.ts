import type { ServiceDefinition } from '#libs/service-defaults';
import { MESSAGING_ENTITIES } from '#libs/messaging';
import { IdentityModule } from './identity.module.js';
import { migrations } from '../migrations/index.js';

/** How identity runs: used by main.ts and by tests that boot the service in-process. */
export const identityApp: ServiceDefinition = {
  name: 'identity',
  module: IdentityModule,
  persistence: { entities: [...MESSAGING_ENTITIES], migrations },
  http: { portEnv: 'HTTP_PORT', defaultPort: 3101 },
};

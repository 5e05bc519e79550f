import type { ServiceDefinition } from '#libs/service-defaults';
import { MESSAGING_ENTITIES } from '#libs/messaging';
import { NegotiationModule } from './negotiation.module.js';
import { migrations } from '../migrations/index.js';

/** How negotiation runs: used by main.ts and by tests that boot the service in-process. */
export const negotiationApp: ServiceDefinition = {
  name: 'negotiation',
  module: NegotiationModule,
  persistence: { entities: [...MESSAGING_ENTITIES], migrations },
  http: { portEnv: 'HTTP_PORT', defaultPort: 3104 },
};

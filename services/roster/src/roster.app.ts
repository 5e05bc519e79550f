import type { ServiceDefinition } from '#libs/service-defaults';
import { MESSAGING_ENTITIES } from '#libs/messaging';
import { RosterModule } from './roster.module.js';
import { migrations } from '../migrations/index.js';

/** How roster runs: used by main.ts and by tests that boot the service in-process. */
export const rosterApp: ServiceDefinition = {
  name: 'roster',
  module: RosterModule,
  persistence: { entities: [...MESSAGING_ENTITIES], migrations },
  http: { portEnv: 'HTTP_PORT', defaultPort: 3102 },
};

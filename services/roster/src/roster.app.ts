import type { ServiceDefinition } from '#libs/service-defaults';
import { RosterModule } from './roster.module.js';
import { ROSTER_ENTITIES } from './common/entities.js';
import { IdentityEventHandlers } from './roster/identity-events.handlers.js';
import { migrations } from '../migrations/index.js';

/** How roster runs: used by main.ts and by tests that boot the service in-process. */
export const rosterApp: ServiceDefinition = {
  name: 'roster',
  module: RosterModule,
  persistence: { entities: [...ROSTER_ENTITIES], migrations },
  consumers: [{ consumer: 'roster', handlers: IdentityEventHandlers }],
  http: { portEnv: 'HTTP_PORT', defaultPort: 3102 },
};

import type { ServiceDefinition } from '#libs/service-defaults';
import { GrantCopyHandlers } from '#libs/service-defaults';
import { NegotiationModule } from './negotiation.module.js';
import { negotiationConfigSchema } from './negotiation.config.js';
import { NEGOTIATION_ENTITIES } from './common/entities.js';
import { migrations } from '../migrations/index.js';
import { CommissionHandlers } from './payments/commission.handlers.js';

/** How negotiation runs: used by main.ts and by tests that boot the service in-process. */
export const negotiationApp: ServiceDefinition<typeof negotiationConfigSchema> = {
  name: 'negotiation',
  module: NegotiationModule,
  config: negotiationConfigSchema,
  persistence: {
    entities: [...NEGOTIATION_ENTITIES],
    migrations,
    grantCopy: true,
    // Contracts and the audit log are records: when negotiation runs as a role of its own
    // (DATABASE_MIGRATION_URL set), that role may only read and add to them.
    runtimePrivileges: (role, schema) => [`revoke update, delete, truncate on ${schema}."audit_log", ${schema}."contracts" from ${role}`],
  },
  http: { portEnv: 'HTTP_PORT', defaultPort: 3104 },
  consumers: [
    { consumer: 'negotiation-grants', handlers: GrantCopyHandlers },
    { consumer: 'negotiation-commission', handlers: CommissionHandlers },
  ],
};

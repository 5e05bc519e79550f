import type { ServiceDefinition } from '#libs/service-defaults';
import { GrantCopyHandlers } from '#libs/service-defaults';
import { NegotiationModule } from './negotiation.module.js';
import { negotiationConfigSchema } from './negotiation.config.js';
import { NEGOTIATION_ENTITIES } from './common/entities.js';
import { migrations } from '../migrations/index.js';
import { CommissionHandlers } from './payments/commission.handlers.js';

/** Tables of records, refused changes by a trigger (migrations) and by the runtime role's privileges. */
export const IMMUTABLE_TABLES = ['audit_log', 'contracts', 'contract_signatures'];

/** How negotiation runs: used by main.ts and by tests that boot the service in-process. */
export const negotiationApp: ServiceDefinition<typeof negotiationConfigSchema> = {
  name: 'negotiation',
  module: NegotiationModule,
  config: negotiationConfigSchema,
  persistence: {
    entities: [...NEGOTIATION_ENTITIES],
    migrations,
    grantCopy: true,
    // Contracts, their signatures and the audit log are records: when negotiation runs as a
    // role of its own (DATABASE_MIGRATION_URL set), that role may only read and add to them.
    runtimePrivileges: (role, schema) => [`revoke update, delete, truncate on ${IMMUTABLE_TABLES.map((t) => `${schema}."${t}"`).join(', ')} from ${role}`],
  },
  http: { portEnv: 'HTTP_PORT', defaultPort: 3104 },
  consumers: [
    { consumer: 'negotiation-grants', handlers: GrantCopyHandlers },
    { consumer: 'negotiation-commission', handlers: CommissionHandlers },
  ],
};

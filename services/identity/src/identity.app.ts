import type { z } from 'zod';
import type { ServiceDefinition } from '#libs/service-defaults';
import { IdentityModule } from './identity.module.js';
import { identityConfigSchema } from './identity.config.js';
import { IDENTITY_ENTITIES } from './common/entities.js';
import { AuditEventHandlers } from './audit/audit-events.handlers.js';
import { migrations } from '../migrations/index.js';

/** How identity runs: used by main.ts and by tests that boot the service in-process. */
// Typed loosely (like the other apps) so tests and tools can hold every service in one list.
export const identityApp: ServiceDefinition<z.ZodObject> = {
  name: 'identity',
  module: IdentityModule,
  config: identityConfigSchema,
  persistence: {
    entities: [...IDENTITY_ENTITIES],
    migrations,
    // Run as a role that does not own the audit log, it can only append to it: no UPDATE or
    // DELETE privilege, and no way to drop or disable the append-only trigger.
    runtimePrivileges: (role, schema) => [`revoke update, delete, truncate on ${schema}."audit_log" from ${role}`],
  },
  consumers: [{ consumer: 'identity-audit', handlers: AuditEventHandlers }],
  http: { portEnv: 'HTTP_PORT', defaultPort: 3101 },
};

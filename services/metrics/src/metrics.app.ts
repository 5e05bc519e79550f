import type { ServiceDefinition } from '#libs/service-defaults';
import { MESSAGING_ENTITIES } from '#libs/messaging';
import { MetricsModule } from './metrics.module.js';
import { migrations } from '../migrations/index.js';

/** How metrics runs: used by main.ts and by tests that boot the service in-process. */
export const metricsApp: ServiceDefinition = {
  name: 'metrics',
  module: MetricsModule,
  persistence: { entities: [...MESSAGING_ENTITIES], migrations },
  http: { portEnv: 'HTTP_PORT', defaultPort: 3106 },
};

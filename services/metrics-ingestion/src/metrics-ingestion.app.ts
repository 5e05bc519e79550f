import type { ServiceDefinition } from '#libs/service-defaults';
import { MetricsIngestionModule } from './metrics-ingestion.module.js';
import { IntakeHandlers } from './intake/intake.handlers.js';
import { migrations } from '../migrations/index.js';

/** How metrics-ingestion runs: used by main.ts and by tests that boot the service in-process. */
export const metricsIngestionApp: ServiceDefinition = {
  name: 'metrics-ingestion',
  module: MetricsIngestionModule,
  persistence: { entities: [], migrations },
  commands: IntakeHandlers,
  http: { portEnv: 'HTTP_PORT', defaultPort: 3105 },
};

import type { z } from 'zod';
import type { ServiceDefinition } from '#libs/service-defaults';
import { MetricsModule } from './metrics.module.js';
import { metricsConfigSchema } from './metrics.config.js';
import { MetricsEventHandlers } from './metrics-events.handlers.js';
import { OfferEventHandlers } from './offers/offer-events.handlers.js';
import { migrations } from '../migrations/index.js';

/** How metrics runs: used by main.ts and by tests that boot the service in-process. */
export const metricsApp: ServiceDefinition<z.ZodObject> = {
  name: 'metrics',
  module: MetricsModule,
  config: metricsConfigSchema,
  persistence: { entities: [], migrations, grantCopy: true },
  consumers: [
    { consumer: 'metrics', handlers: MetricsEventHandlers },
    { consumer: 'metrics-offers', handlers: OfferEventHandlers },
  ],
  http: { portEnv: 'HTTP_PORT', defaultPort: 3106 },
};

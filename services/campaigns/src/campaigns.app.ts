import type { z } from 'zod';
import type { ServiceDefinition } from '#libs/service-defaults';
import { CampaignsModule } from './campaigns.module.js';
import { campaignsConfigSchema } from './campaigns.config.js';
import { CAMPAIGNS_ENTITIES } from './common/entities.js';
import { NegotiationEventHandlers } from './offers/negotiation-events.handlers.js';
import { DirectoryEventHandlers } from './directory/directory.handlers.js';
import { migrations } from '../migrations/index.js';

/** How campaigns runs: used by main.ts and by tests that boot the service in-process. */
export const campaignsApp: ServiceDefinition<z.ZodObject> = {
  name: 'campaigns',
  module: CampaignsModule,
  config: campaignsConfigSchema,
  persistence: { entities: [...CAMPAIGNS_ENTITIES], migrations, grantCopy: true },
  http: { portEnv: 'HTTP_PORT', defaultPort: 3103 },
  consumers: [
    { consumer: 'campaigns-offers', handlers: NegotiationEventHandlers },
    { consumer: 'campaigns-directory', handlers: DirectoryEventHandlers },
  ],
};

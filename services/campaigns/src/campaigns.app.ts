import type { ServiceDefinition } from '#libs/service-defaults';
import { MESSAGING_ENTITIES } from '#libs/messaging';
import { CampaignsModule } from './campaigns.module.js';
import { migrations } from '../migrations/index.js';

/** How campaigns runs: used by main.ts and by tests that boot the service in-process. */
export const campaignsApp: ServiceDefinition = {
  name: 'campaigns',
  module: CampaignsModule,
  persistence: { entities: [...MESSAGING_ENTITIES], migrations },
  http: { portEnv: 'HTTP_PORT', defaultPort: 3103 },
};

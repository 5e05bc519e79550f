import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('campaigns');
const { runService } = await import('#libs/service-defaults');
const { CampaignsModule, persistence } = await import('./campaigns.module.js');

await runService({
  name: 'campaigns',
  module: CampaignsModule,
  persistence,
  http: { portEnv: 'HTTP_PORT', defaultPort: 3103 },
  telemetry,
});

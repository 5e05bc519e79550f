import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('roster');
const { runService } = await import('#libs/service-defaults');
const { RosterModule, persistence } = await import('./roster.module.js');

await runService({
  name: 'roster',
  module: RosterModule,
  persistence,
  http: { portEnv: 'HTTP_PORT', defaultPort: 3102 },
  telemetry,
});

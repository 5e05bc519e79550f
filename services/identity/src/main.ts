import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('identity');
const { runService } = await import('#libs/service-defaults');
const { IdentityModule, persistence } = await import('./identity.module.js');

await runService({
  name: 'identity',
  module: IdentityModule,
  persistence,
  http: { portEnv: 'HTTP_PORT', defaultPort: 3101 },
  telemetry,
});

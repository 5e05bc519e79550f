import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('negotiation');
const { runService } = await import('#libs/service-defaults');
const { NegotiationModule, persistence } = await import('./negotiation.module.js');

await runService({
  name: 'negotiation',
  module: NegotiationModule,
  persistence,
  http: { portEnv: 'HTTP_PORT', defaultPort: 3104 },
  telemetry,
});

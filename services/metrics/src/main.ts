import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('metrics');
const { runService } = await import('#libs/service-defaults');
const { MetricsModule, persistence } = await import('./metrics.module.js');

await runService({
  name: 'metrics',
  module: MetricsModule,
  persistence,
  http: { portEnv: 'HTTP_PORT', defaultPort: 3106 },
  telemetry,
});

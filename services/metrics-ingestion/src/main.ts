import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('metrics-ingestion');
const { runService } = await import('#libs/service-defaults');
const { MetricsIngestionModule, persistence } = await import('./metrics-ingestion.module.js');

await runService({
  name: 'metrics-ingestion',
  module: MetricsIngestionModule,
  persistence,
  http: { portEnv: 'HTTP_PORT', defaultPort: 3105 },
  telemetry,
});

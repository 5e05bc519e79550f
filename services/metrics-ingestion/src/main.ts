import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('metrics-ingestion');
const { runService } = await import('#libs/service-defaults');
const { metricsIngestionApp } = await import('./metrics-ingestion.app.js');

await runService({ ...metricsIngestionApp, telemetry });

import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('metrics');
const { runService } = await import('#libs/service-defaults');
const { metricsApp } = await import('./metrics.app.js');

await runService({ ...metricsApp, telemetry });

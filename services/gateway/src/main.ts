import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('gateway');
const { runService } = await import('#libs/service-defaults');
const { gatewayApp } = await import('./gateway.app.js');

await runService({ ...gatewayApp, telemetry });

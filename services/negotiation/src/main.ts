import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('negotiation');
const { runService } = await import('#libs/service-defaults');
const { negotiationApp } = await import('./negotiation.app.js');

await runService({ ...negotiationApp, telemetry });

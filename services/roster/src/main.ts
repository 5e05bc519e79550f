import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('roster');
const { runService } = await import('#libs/service-defaults');
const { rosterApp } = await import('./roster.app.js');

await runService({ ...rosterApp, telemetry });

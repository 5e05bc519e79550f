import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('campaigns');
const { runService } = await import('#libs/service-defaults');
const { campaignsApp } = await import('./campaigns.app.js');

await runService({ ...campaignsApp, telemetry });

import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('identity');
const { runService } = await import('#libs/service-defaults');
const { identityApp } = await import('./identity.app.js');

await runService({ ...identityApp, telemetry });

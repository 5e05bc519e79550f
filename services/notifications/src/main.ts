import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('notifications');
const { runService } = await import('#libs/service-defaults');
const { notificationsApp } = await import('./notifications.app.js');

await runService({ ...notificationsApp, telemetry });

import { createLogger, startTelemetry } from '#libs/observability';

/**
 * Every backend service in one process with the real telemetry start-up, so the trace test
 * boots two processes (this and the gateway) instead of seven. Spans then carry this
 * process's service name; the test tells services apart by their subjects.
 */
const BACKENDS_PROCESS = 'backends';

const telemetry = startTelemetry(BACKENDS_PROCESS);
const { startService } = await import('#libs/service-defaults');
const { BACKEND_APPS } = await import('../e2e/support/stack.js');

const logger = createLogger(BACKENDS_PROCESS);
// Each service connects as itself: the test hands over bus credentials per service name.
const busEnv = JSON.parse(process.env.TEST_BUS_ENV ?? '{}') as Record<string, Record<string, string>>;
const running = await Promise.all(Object.values(BACKEND_APPS).map((def) => startService({ ...def, env: { ...process.env, ...busEnv[def.name] } })));
const stop = async () => {
  await Promise.all(running.map((s) => s.close()));
  await telemetry.shutdown();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
logger.info({ url: running[0]!.url, telemetryHooks: telemetry.hooks }, `${BACKENDS_PROCESS} started`);

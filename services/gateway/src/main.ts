import { startTelemetry } from '#libs/observability';

// Telemetry first: modules imported after this line are instrumented.
const telemetry = startTelemetry('gateway');
const { runService } = await import('#libs/service-defaults');
const { GatewayModule } = await import('./gateway.module.js');
const { gatewayConfigSchema } = await import('./gateway.config.js');
const { configureHttpPipeline } = await import('./http/http-pipeline.js');
const { setupOpenApi } = await import('./openapi.js');

await runService({
  name: 'gateway',
  module: GatewayModule,
  config: gatewayConfigSchema,
  rpc: false,
  http: { portEnv: 'GATEWAY_PORT', defaultPort: 3000, bodyLimitBytes: 8 * 1024 * 1024 },
  configureFastify: configureHttpPipeline,
  configureApp: setupOpenApi,
  telemetry,
});

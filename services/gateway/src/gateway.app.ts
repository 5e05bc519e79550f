import type { ServiceDefinition } from '#libs/service-defaults';
import { GatewayModule } from './gateway.module.js';
import { gatewayConfigSchema } from './gateway.config.js';
import { configureHttpPipeline } from './http/http-pipeline.js';
import { INGEST_BODY_LIMIT } from './http/body-limits.js';
import { setupOpenApi } from './openapi.js';

/** How the gateway runs: used by main.ts and by end-to-end tests. */
export const gatewayApp: ServiceDefinition<typeof gatewayConfigSchema> = {
  name: 'gateway',
  module: GatewayModule,
  config: gatewayConfigSchema,
  rpc: false,
  http: { portEnv: 'GATEWAY_PORT', defaultPort: 3000, bodyLimitBytes: INGEST_BODY_LIMIT, ops: { portEnv: 'GATEWAY_OPS_PORT', defaultPort: 3100 } },
  configureFastify: configureHttpPipeline,
  configureApp: setupOpenApi,
};

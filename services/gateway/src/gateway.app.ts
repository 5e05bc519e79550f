import type { ServiceDefinition } from '#libs/service-defaults';
import { GatewayModule } from './gateway.module.js';
import { gatewayConfigSchema } from './gateway.config.js';
import { configureHttpPipeline } from './http/http-pipeline.js';
import { INGEST_BODY_LIMIT } from './http/body-limits.js';
import { setupOpenApi } from './openapi.js';
import { registerPortal } from './portal/portal-static.js';
import { SERVICE_CONFIG } from '#libs/service-defaults';
import path from 'node:path';

/** How the gateway runs: used by main.ts and by end-to-end tests. */
export const gatewayApp: ServiceDefinition<typeof gatewayConfigSchema> = {
  name: 'gateway',
  module: GatewayModule,
  config: gatewayConfigSchema,
  rpc: false,
  http: { portEnv: 'GATEWAY_PORT', defaultPort: 3000, bodyLimitBytes: INGEST_BODY_LIMIT, ops: { portEnv: 'GATEWAY_OPS_PORT', defaultPort: 3100 } },
  configureFastify: configureHttpPipeline,
  configureApp: async (app) => {
    setupOpenApi(app);
    const { PORTAL_DIR } = app.get<{ PORTAL_DIR: string }>(SERVICE_CONFIG);
    await registerPortal(app.getHttpAdapter().getInstance(), path.resolve(PORTAL_DIR));
  },
};

import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startService } from '#libs/service-defaults';
import { startNatsServer } from '#libs/testing';
import { gatewayApp } from '../src/gateway.app.js';
import { OPENAPI_FILE, openApiDocument, openApiJson } from '../src/openapi.js';

// `npm run openapi`: the gateway's document, written where clients and the staleness test read it.
const nats = await startNatsServer();
try {
  const gateway = await startService({ ...gatewayApp, env: { NATS_URL: nats.url, GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0', LOG_LEVEL: 'silent' } });
  try {
    await writeFile(OPENAPI_FILE, openApiJson(openApiDocument(gateway.app as NestFastifyApplication)));
    console.log(`wrote ${fileURLToPath(OPENAPI_FILE)}`);
  } finally {
    await gateway.close();
  }
} finally {
  await nats.stop();
}

import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The committed copy of the document (`npm run openapi` writes it; a test fails when it is stale). */
export const OPENAPI_FILE = new URL('../openapi.json', import.meta.url);

export const openApiJson = (document: OpenAPIObject): string => `${JSON.stringify(document, null, 2)}\n`;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The OpenAPI 3.1 document of the routes the gateway serves. An operation that declares no
 * security requirement is public (@Authorize always adds bearer), and says so with
 * `security: []` so no client or linter reads it as "unspecified".
 */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Talent Portal API')
    .setDescription('Public v1 API: identity and delegation, roster, campaigns and offers, negotiation, metrics.')
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'This gateway')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .build();
  // Tags come from each route's declaration; the route tables' class names are not for clients.
  const document = SwaggerModule.createDocument(app, config, { autoTagControllers: false });
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
  }
  return document;
}

/** JSON at /docs-json, Swagger UI at /docs. */
export function setupOpenApi(app: NestFastifyApplication) {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}

import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { problemDetailsSchema } from '#libs/contracts';

/**
 * The zod schema a route validates with, as the OpenAPI 3.1 schema (JSON Schema 2020-12) it
 * documents; response side by default, `input` for what a client sends (defaults optional).
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, any> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as Record<string, unknown>;
  return json;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (field-level `errors`)',
  401: 'Missing or invalid credentials',
  403: 'Known resource, missing scope',
  404: 'Unknown, or not yours',
  409: 'State or version conflict',
  413: 'Body larger than this route accepts',
  415: 'Body is not JSON',
  422: 'Business rule broken',
  429: 'Rate limited (see Retry-After)',
  503: 'A needed service is unavailable (see Retry-After)',
};

/** Documents the problem+json answers a route can give. */
export function ApiProblemResponses(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: openApiSchema(problemDetailsSchema) } },
      }),
    ),
  );
}

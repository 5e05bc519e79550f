import { z } from 'zod';
import { parseOrThrow } from '#libs/contracts';
import { openApiSchema } from '../http/openapi-schemas.js';

/**
 * Validates a body or query with its strict schema: unknown fields, wrong types and bad
 * values are a 400 problem listing each field. Values are only ever data: they are handed on
 * as typed JSON, never spliced into a query.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: 'body' | 'query'): z.output<S> {
  return parseOrThrow(schema, value ?? {}, `The request ${what}`);
}

/** The JSON schema a client sends (input side: defaults are optional), for OpenAPI. */
export function requestSchema(schema: z.ZodType): Record<string, any> {
  return openApiSchema(schema, 'input');
}

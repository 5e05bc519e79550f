import { z } from 'zod';
import { AppError, type FieldError } from '#libs/contracts';

/**
 * Validates a body or query with its strict schema: unknown fields, wrong types and bad
 * values are a 400 problem listing each field. Values are only ever data: they are handed on
 * as typed JSON, never spliced into a query.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: 'body' | 'query'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: 'Unknown field' }));
    }
    return [{ path: base || '(root)', message: issue.message }];
  });
  throw new AppError('validation', 'Invalid input', `The request ${what} failed validation`, errors);
}

/** The JSON schema a client sends (input side: defaults are optional), for OpenAPI. */
export function requestSchema(schema: z.ZodType): Record<string, any> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return json;
}

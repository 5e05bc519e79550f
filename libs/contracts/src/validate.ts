import type { z } from 'zod';
import { AppError, fieldErrors } from './problem.js';

/** Parses `value` or throws a 400-class AppError listing every offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('validation', 'Invalid input', `${what} failed validation`, fieldErrors(result.error));
  }
  return result.data;
}

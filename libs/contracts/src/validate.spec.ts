import { z } from 'zod';
import { AppError } from './problem.js';
import { parseOrThrow } from './validate.js';

describe('parseOrThrow', () => {
  it('returns the parsed value', () => {
    expect(parseOrThrow(z.object({ n: z.coerce.number() }), { n: '2' }, 'input')).toEqual({ n: 2 });
  });

  it('names every bad field, and each unknown field of a strict schema on its own', () => {
    const schema = z.strictObject({ name: z.string(), nested: z.strictObject({ a: z.number() }) });
    try {
      parseOrThrow(schema, { name: 3, nested: { a: 1, b: 2 }, isAdmin: true, role: 'x' }, 'The request body');
      throw new Error('expected a validation error');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      const appError = err as AppError;
      expect(appError.status).toBe(400);
      expect(appError.detail).toBe('The request body failed validation');
      expect(appError.errors).toEqual(
        expect.arrayContaining([
          { path: 'name', message: expect.any(String) },
          { path: 'nested.b', message: 'Unknown field' },
          { path: 'isAdmin', message: 'Unknown field' },
          { path: 'role', message: 'Unknown field' },
        ]),
      );
    }
  });
});

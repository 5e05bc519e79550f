import { AppError } from '#libs/contracts';
import { assertCurrentVersion, requireVersion } from './versioning.rules.js';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('versioned writes', () => {
  it('a stale version is a conflict naming the current one; the current one passes', () => {
    expect(() => assertCurrentVersion('rate card', 3, 3)).not.toThrow();
    expect(errorOf(() => assertCurrentVersion('commission', 3, 2))).toMatchObject({ status: 409, detail: 'The commission is at version 3, not 2; reload and retry' });
  });

  it('a write without a version is refused, naming the field; 0 names the first write', () => {
    expect(errorOf(() => requireVersion(undefined))).toMatchObject({ status: 400, errors: [{ path: 'version' }] });
    expect(requireVersion(0)).toBe(0);
  });
});

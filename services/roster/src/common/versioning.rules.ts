import { AppError } from '#libs/contracts';

/**
 * Optimistic versions of what roster keeps versioned (rate cards, commissions): every write
 * names the version it replaces, so two editors never overwrite each other's change unseen.
 */

/** Blind overwrites are refused: a write must say which version it replaces (0 for the first). */
export function requireVersion(version: number | undefined): number {
  if (version === undefined) {
    throw new AppError('validation', 'Invalid input', 'Name the version this write replaces (body `version` or `If-Match`)', [
      { path: 'version', message: 'Required' },
    ]);
  }
  return version;
}

/** A write names the version it replaces; anything else would overwrite a change unseen. */
export function assertCurrentVersion(what: string, current: number, expected: number): void {
  if (current !== expected) {
    throw new AppError('conflict', 'Version conflict', `The ${what} is at version ${current}, not ${expected}; reload and retry`);
  }
}

import { z } from 'zod';
import { AppError } from '#libs/contracts';

/** Keyset cursor for the roster sorted by name: the last row's lowercase name and creator id. */
const nameCursor = z.tuple([z.string().max(400), z.uuid()]);

export function encodeNameCursor(name: string, creatorId: string): string {
  return Buffer.from(JSON.stringify([name.toLowerCase(), creatorId])).toString('base64url');
}

export function decodeNameCursor(cursor: string | undefined): { name: string; creatorId: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [name, creatorId] = nameCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { name, creatorId };
  } catch {
    throw new AppError('validation', 'Invalid input', 'cursor is not valid', [{ path: 'cursor', message: 'Use nextCursor from a previous page' }]);
  }
}

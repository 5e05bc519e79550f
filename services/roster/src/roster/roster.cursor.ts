import { z } from 'zod';
import { cursorCodec } from '#libs/persistence';

/** Keyset cursor for the roster sorted by name: the last row's lowercase name and creator id. */
const nameCursor = cursorCodec(z.tuple([z.string().max(400), z.uuid()]));

export function encodeNameCursor(name: string, creatorId: string): string {
  return nameCursor.encode([name.toLowerCase(), creatorId]);
}

export function decodeNameCursor(cursor: string | undefined): { name: string; creatorId: string } | undefined {
  const key = nameCursor.decode(cursor);
  return key && { name: key[0], creatorId: key[1] };
}

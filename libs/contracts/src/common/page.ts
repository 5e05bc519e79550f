import { z } from 'zod';

/**
 * Lists everywhere: `limit` (default 50, at most 200) and an opaque `cursor` in, and
 * `{ items, nextCursor }` out. A request contract spreads `pageRequest.shape` into its own.
 */
export const pageLimit = z.number().int().min(1).max(200).default(50);
/** Cursors are base64url (what every service's nextCursor is); anything else is refused before it is decoded. */
export const pageCursor = z.string().regex(/^[A-Za-z0-9_-]{1,512}$/, 'Use nextCursor from a previous page');
export const pageRequest = z.object({ limit: pageLimit, cursor: pageCursor.optional() });

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

import { z } from 'zod';

/**
 * Lists everywhere: `limit` (default 50, at most 200) and an opaque `cursor` in, and
 * `{ items, nextCursor }` out. A request contract spreads `pageRequest.shape` into its own.
 */
export const pageLimit = z.number().int().min(1).max(200).default(50);
export const pageCursor = z.string().min(1).max(512);
export const pageRequest = z.object({ limit: pageLimit, cursor: pageCursor.optional() });

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

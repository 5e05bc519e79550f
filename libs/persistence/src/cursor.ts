import { z } from 'zod';
import { AppError } from '#libs/contracts';

/**
 * Keyset pagination cursors: the sort key of the last item, opaque to clients
 * (base64url JSON). A cursor that does not decode is a 400 on `cursor`.
 */
/**
 * An opaque cursor over any sort key the schema describes (a name and an id, an offset, …):
 * base64url JSON out, and back in only if it still matches the schema (400 on `cursor` otherwise).
 */
export function cursorCodec<S extends z.ZodType>(schema: S) {
  return {
    encode: (key: z.input<S>): string => Buffer.from(JSON.stringify(key)).toString('base64url'),
    decode: (cursor: string | undefined): z.output<S> | undefined => {
      if (cursor === undefined) return undefined;
      try {
        return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
      } catch {
        throw new AppError('validation', 'Invalid input', 'cursor is not valid', [{ path: 'cursor', message: 'Use nextCursor from a previous page' }]);
      }
    },
  };
}

const timeCursor = cursorCodec(z.tuple([z.iso.datetime({ offset: true }), z.uuid()]));

export function encodeCursor(at: Date, id: string): string {
  return timeCursor.encode([at.toISOString(), id]);
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  const key = timeCursor.decode(cursor);
  return key && { at: new Date(key[0]), id: key[1] };
}

/** Items after the cursor in (at desc, id desc) order, as a MikroORM filter. */
export function afterCursor(cursor: { at: Date; id: string } | undefined, atField: string, idField = 'id') {
  if (!cursor) return {};
  return { $or: [{ [atField]: { $lt: cursor.at } }, { [atField]: cursor.at, [idField]: { $lt: cursor.id } }] };
}

export function page<T>(rows: T[], limit: number, keyOf: (row: T) => { at: Date; id: string }) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(keyOf(last).at, keyOf(last).id) : null;
  return { items, nextCursor };
}

import { z } from 'zod';
import { AppError } from '#libs/contracts';

/**
 * Keyset pagination cursors: the sort key of the last item, opaque to clients
 * (base64url JSON). A cursor that does not decode is a 400 on `cursor`.
 */
const cursorSchema = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(at), id };
  } catch {
    throw new AppError('validation', 'Invalid input', 'cursor is not valid', [{ path: 'cursor', message: 'Use nextCursor from a previous page' }]);
  }
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

import { AppError } from '#libs/contracts';
import { decodeCursor, encodeCursor, page } from './cursor.js';

describe('cursors', () => {
  it('round-trips the sort key', () => {
    const at = new Date('2026-11-23T10:00:00.123Z');
    const id = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
    expect(decodeCursor(encodeCursor(at, id))).toEqual({ at, id });
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('refuses a forged or garbled cursor with a field error, never an injection', () => {
    for (const bad of ['x', "' OR 1=1 --", Buffer.from('{"$gt":""}').toString('base64url'), Buffer.from('["now","1"]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(AppError);
    }
  });

  it('pages with one row of look-ahead', () => {
    const rows = [1, 2, 3].map((n) => ({ at: new Date(n * 1000), id: `00000000-0000-4000-8000-00000000000${n}` }));
    expect(page(rows, 3, (r) => r)).toEqual({ items: rows, nextCursor: null });
    const first = page(rows, 2, (r) => r);
    expect(first.items).toHaveLength(2);
    expect(decodeCursor(first.nextCursor!)).toEqual(rows[1]);
  });
});

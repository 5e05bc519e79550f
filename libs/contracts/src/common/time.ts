import { z } from 'zod';

/** An instant as ISO-8601 text with its offset; services write UTC (`…Z`). */
export const isoTime = z.iso.datetime({ offset: true });

/** `YYYY-MM-DDTHH:MM:SS.sssZ`, as services write times (toISOString): of two such, the later is the greater text. */
const isCanonicalUtc = (iso: string) => iso.length === 24 && iso.charCodeAt(23) === 90; /* Z */

/**
 * Orders two ISO instants (negative, zero, positive). Canonical UTC text is compared as text,
 * without parsing: the ingestion path orders hundreds of thousands of observation times.
 */
export function compareInstants(a: string, b: string): number {
  if (isCanonicalUtc(a) && isCanonicalUtc(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

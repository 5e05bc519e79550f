/**
 * Splits `items` into consecutive parts whose total weight stays within `max` (one each by
 * default, so `max` is then a count). Order is kept; an item heavier than `max` gets a part of
 * its own rather than being dropped.
 */
export function chunkBy<T>(items: readonly T[], max: number, weigh: (item: T) => number = () => 1): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const weight = weigh(item);
    if (current.length && total + weight > max) {
      parts.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += weight;
  }
  if (current.length) parts.push(current);
  return parts;
}

/** Bytes `item` adds to a JSON array: its serialised size and a comma. */
export const jsonBytes = (item: unknown): number => Buffer.byteLength(JSON.stringify(item ?? null)) + 1;

/** Parts whose JSON stays under `maxBytes`, for anything that must fit a NATS message (1 MB by default). */
export function chunkByJsonSize<T>(items: readonly T[], maxBytes: number): T[][] {
  return chunkBy(items, maxBytes, jsonBytes);
}

/**
 * Splits `items` into consecutive parts whose JSON stays under `maxBytes` (an item larger than
 * that gets a part of its own), for anything that must fit a NATS message (1 MB by default).
 */
export function chunkByJsonSize<T>(items: readonly T[], maxBytes: number): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item ?? null)) + 1;
    if (current.length && bytes + size > maxBytes) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) parts.push(current);
  return parts;
}

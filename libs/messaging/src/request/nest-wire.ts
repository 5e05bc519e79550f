import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Nest's NATS transport frames a request as `{ pattern, data, id }` and a reply as
 * `{ id, response?, err?, isDisposed? }`. Speaking that frame directly lets callers use the
 * NATS client's shared reply subscription (one per connection, not one per request).
 */
export interface NestRequestFrame {
  pattern: string;
  data: unknown;
  id: string;
}

const encoder = new TextEncoder();

/** The bytes of a request frame for `subject`, as Nest's NATS server expects them. */
export function encodeRequestFrame(subject: string, data: unknown, id: string = randomUUID()): Uint8Array {
  const frame: NestRequestFrame = { pattern: subject, data, id };
  return encoder.encode(JSON.stringify(frame));
}

export const nestReplyFrame = z.object({
  id: z.string().optional(),
  response: z.unknown().optional(),
  err: z.unknown().optional(),
  isDisposed: z.boolean().optional(),
});

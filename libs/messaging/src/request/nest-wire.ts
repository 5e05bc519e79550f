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

export const nestReplyFrame = z.object({
  id: z.string().optional(),
  response: z.unknown().optional(),
  err: z.unknown().optional(),
  isDisposed: z.boolean().optional(),
});

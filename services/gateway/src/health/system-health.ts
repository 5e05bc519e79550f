import { z } from 'zod';
import { BACKEND_SERVICES } from '#libs/contracts';

const checkStatus = z.enum(['up', 'down']);

/**
 * What the public health route says about one service: whether it answered ready, and how
 * fast. Nothing more — the reason a service is down (error text, which dependency failed)
 * stays on that service's own probe port, where only operators reach it.
 */
export const serviceHealthSchema = z.object({
  name: z.enum(BACKEND_SERVICES),
  status: checkStatus,
  latencyMs: z.number().nonnegative(),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;

export const systemHealthSchema = z.object({
  status: checkStatus,
  services: z.array(serviceHealthSchema),
});
export type SystemHealth = z.infer<typeof systemHealthSchema>;

/** The platform is up only when every service answers and reports itself ready. */
export function summarize(services: ServiceHealth[]): SystemHealth {
  return { status: services.every((s) => s.status === 'up') ? 'up' : 'down', services: services.map(({ name, status, latencyMs }) => ({ name, status, latencyMs })) };
}

/**
 * One answer shared for `ttlMs` after it is computed, and by everyone who asks while it is
 * being computed: a flood of public health requests fans out to the services at most once
 * per period.
 */
export class SharedAnswer<T> {
  private current?: { value: Promise<T>; until: number };

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(compute: () => Promise<T>): Promise<T> {
    if (this.current && this.current.until > this.now()) return this.current.value;
    const entry = { value: compute(), until: Number.POSITIVE_INFINITY };
    this.current = entry;
    entry.value.then(
      () => (entry.until = this.now() + this.ttlMs),
      () => (entry.until = 0),
    );
    return entry.value;
  }
}

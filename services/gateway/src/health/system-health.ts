import { z } from 'zod';
import { BACKEND_SERVICES } from '#libs/contracts';

const checkStatus = z.enum(['up', 'down']);

export const serviceHealthSchema = z.object({
  name: z.enum(BACKEND_SERVICES),
  status: checkStatus,
  latencyMs: z.number().nonnegative(),
  checks: z.record(z.string(), checkStatus).optional(),
  error: z.string().optional(),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;

export const systemHealthSchema = z.object({
  status: checkStatus,
  services: z.array(serviceHealthSchema),
});
export type SystemHealth = z.infer<typeof systemHealthSchema>;
/** The platform is up only when every service answers and reports itself ready. */
export function summarize(services: ServiceHealth[]): SystemHealth {
  return { status: services.every((s) => s.status === 'up') ? 'up' : 'down', services };
}

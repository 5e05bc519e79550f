import { z } from 'zod';
import { defineRequest } from '../contract.js';
import { BACKEND_SERVICES, type BackendService } from '../services.js';

export const healthCheckRequest = z.object({}).strict();
export const healthCheckResponse = z.object({
  service: z.string(),
  status: z.enum(['up', 'down']),
  checks: z.record(z.string(), z.enum(['up', 'down'])),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
});
export type HealthCheckResponse = z.infer<typeof healthCheckResponse>;

function healthContract(service: BackendService) {
  return defineRequest({
    subject: `${service}.health.check.v1`,
    description: `Readiness of ${service}: its NATS link and its database.`,
    request: healthCheckRequest,
    response: healthCheckResponse,
  });
}

export const healthContracts = Object.fromEntries(
  BACKEND_SERVICES.map((s) => [s, healthContract(s)]),
) as Record<BackendService, ReturnType<typeof healthContract>>;

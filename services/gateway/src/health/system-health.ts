import type { BackendService } from '#libs/contracts';

export interface ServiceHealth {
  name: BackendService;
  status: 'up' | 'down';
  latencyMs: number;
  checks?: Record<string, 'up' | 'down'>;
  error?: string;
}

export interface SystemHealth {
  status: 'up' | 'down';
  services: ServiceHealth[];
}

/** The platform is up only when every service answers and reports itself ready. */
export function summarize(services: ServiceHealth[]): SystemHealth {
  return { status: services.every((s) => s.status === 'up') ? 'up' : 'down', services };
}

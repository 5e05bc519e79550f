/** Every backend service answering on NATS. The gateway is the HTTP door and owns no subjects. */
export const BACKEND_SERVICES = [
  'identity',
  'roster',
  'campaigns',
  'negotiation',
  'metrics-ingestion',
  'metrics',
  'notifications',
] as const;

export type BackendService = (typeof BACKEND_SERVICES)[number];
export type ServiceName = BackendService | 'gateway';

/** Postgres schema owned by a service (identifiers cannot hold a dash). */
export function schemaOf(service: ServiceName): string {
  return service.replace(/-/g, '_');
}

/** JetStream stream that carries a producing service's domain events. */
export function streamOf(service: BackendService): string {
  return schemaOf(service).toUpperCase();
}

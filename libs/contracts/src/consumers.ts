import type { BackendService } from './services.js';

/** One durable event consumer of a service, and the producers whose streams it reads. */
export interface EventConsumerDeclaration {
  /** The service that runs it (and whose bus credentials it uses). */
  readonly service: BackendService;
  /** Its name; the durable on each producer's stream is `<consumer>__<STREAM>`. */
  readonly consumer: string;
  readonly producers: readonly BackendService[];
}

/**
 * Every durable consumer on the bus. The provisioner creates each durable as a pull consumer
 * before any service starts, and a service's bus permissions name exactly these durables, so a
 * service can neither invent a consumer nor turn one into a push consumer delivering elsewhere.
 * A producer listed here must have events that name the service as a consumer (registry.spec.ts).
 */
export const EVENT_CONSUMERS: readonly EventConsumerDeclaration[] = [
  { service: 'identity', consumer: 'identity-audit', producers: ['roster', 'campaigns', 'negotiation', 'notifications'] },
  { service: 'roster', consumer: 'roster', producers: ['identity'] },
  { service: 'campaigns', consumer: 'campaigns-offers', producers: ['negotiation'] },
  { service: 'campaigns', consumer: 'campaigns-directory', producers: ['identity', 'roster'] },
  { service: 'negotiation', consumer: 'negotiation-grants', producers: ['identity'] },
  { service: 'negotiation', consumer: 'negotiation-commission', producers: ['roster'] },
  { service: 'metrics', consumer: 'metrics', producers: ['metrics-ingestion', 'identity', 'roster'] },
  { service: 'metrics', consumer: 'metrics-offers', producers: ['negotiation'] },
  { service: 'notifications', consumer: 'notifications-grants', producers: ['identity'] },
  { service: 'notifications', consumer: 'notifications', producers: ['identity', 'roster', 'negotiation'] },
  { service: 'notifications', consumer: 'notifications-webhooks', producers: ['negotiation'] },
];

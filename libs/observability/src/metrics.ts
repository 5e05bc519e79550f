import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process with RED metrics for both doors a service has:
 * NATS handlers (every service) and HTTP routes (the gateway).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly rpcRequests: Counter<'subject' | 'outcome'>;
  readonly rpcDuration: Histogram<'subject' | 'outcome'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsProcessed: Counter<'subject' | 'outcome'>;
  readonly commandsProcessed: Counter<'subject' | 'outcome'>;
  readonly outboxParked: Counter<'subject'>;
  readonly deadLetterPublishFailures: Counter<'subject'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    this.rpcRequests = new Counter({
      name: 'rpc_server_requests_total',
      help: 'NATS requests handled, by subject and outcome (ok or an error code)',
      labelNames: ['subject', 'outcome'],
      registers: [this.registry],
    });
    this.rpcDuration = new Histogram({
      name: 'rpc_server_duration_seconds',
      help: 'NATS request handling time',
      labelNames: ['subject', 'outcome'],
      buckets,
      registers: [this.registry],
    });
    this.httpRequests = new Counter({
      name: 'http_server_requests_total',
      help: 'HTTP requests served, by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'http_server_duration_seconds',
      help: 'HTTP request handling time',
      labelNames: ['method', 'route', 'status'],
      buckets,
      registers: [this.registry],
    });
    this.eventsProcessed = new Counter({
      name: 'events_processed_total',
      help: 'JetStream events handled by this service, by subject and outcome',
      labelNames: ['subject', 'outcome'],
      registers: [this.registry],
    });
    this.commandsProcessed = new Counter({
      name: 'commands_processed_total',
      help: 'Commands taken from this service\'s JetStream intake, by subject and outcome',
      labelNames: ['subject', 'outcome'],
      registers: [this.registry],
    });
    this.outboxParked = new Counter({
      name: 'outbox_parked_total',
      help: 'Outbox rows the relay set aside because they can never be published as they are (see outbox.parked_reason)',
      labelNames: ['subject'],
      registers: [this.registry],
    });
    this.deadLetterPublishFailures = new Counter({
      name: 'dead_letter_publish_failures_total',
      help: 'Dead letters that could not be stored; the message stays un-acked and is retried',
      labelNames: ['subject'],
      registers: [this.registry],
    });
  }

  observeRpc(subject: string, outcome: string, seconds: number) {
    this.rpcRequests.inc({ subject, outcome });
    this.rpcDuration.observe({ subject, outcome }, seconds);
  }

  observeHttp(method: string, route: string, status: number, seconds: number) {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }
}

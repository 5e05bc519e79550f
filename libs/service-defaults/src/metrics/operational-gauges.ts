import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import { ConsumerStateReader, readOutboxState, type ConsumerIdentity } from '#libs/messaging';
import { ScrapedGauges, type Logger, type ServiceMetrics } from '#libs/observability';
import type { CheckStatus, Readiness } from '../health/readiness.js';

/** Below the scrape's own bound, so a hung check reads as "not ready" rather than as no reading. */
const READINESS_TIMEOUT_MS = 1_500;

/**
 * Readiness as a kubelet sees it: a probe that does not answer in time (a database behind a
 * partition never refuses, it just hangs) counts as failing, with the checks left unknown.
 */
async function readinessWithin(readiness: Readiness, timeoutMs: number): Promise<{ ready: boolean; checks: Record<string, CheckStatus> }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ ready: boolean; checks: Record<string, CheckStatus> }>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, checks: {} }), timeoutMs);
  });
  try {
    return await Promise.race([readiness.isReady(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The gauges an operator alerts on, read at scrape time from where the truth lives: the
 * readiness checks, the outbox table, and JetStream's view of this service's durable
 * consumers and their dead letters. Names and meaning are listed in docs/operations.md.
 */
export function registerOperationalGauges(
  metrics: ServiceMetrics,
  logger: Logger,
  deps: { readiness: Readiness; nc: NatsConnection; orm?: MikroORM; consumers?: readonly ConsumerIdentity[] },
): ScrapedGauges {
  const gauges = new ScrapedGauges(metrics.registry, logger);

  gauges.add({ name: 'readiness', read: () => readinessWithin(deps.readiness, READINESS_TIMEOUT_MS) }, [
    {
      spec: { name: 'tp_ready', help: 'Whether /health/ready answers 200 (1) or 503 (0)' },
      samples: (r) => [{ labels: {}, value: r.ready ? 1 : 0 }],
    },
    {
      spec: { name: 'tp_readiness_check', help: 'Each readiness check: 1 up, 0 down (nats, database, consumers, lifecycle while draining)', labelNames: ['check'] },
      samples: (r) => Object.entries(r.checks).map(([check, status]) => ({ labels: { check }, value: status === 'up' ? 1 : 0 })),
    },
  ]);

  const orm = deps.orm;
  if (orm) {
    gauges.add({ name: 'outbox', read: () => readOutboxState(orm.em) }, [
      {
        spec: { name: 'tp_outbox_unsent_rows', help: 'Outbox rows committed and not yet published (the relay backlog)' },
        samples: (s) => [{ labels: {}, value: s.unsent }],
      },
      {
        spec: { name: 'tp_outbox_oldest_unsent_age_seconds', help: 'Age of the oldest unpublished, unparked outbox row (0 when none)' },
        samples: (s) => [{ labels: {}, value: s.oldestUnsentAgeSeconds }],
      },
      {
        spec: { name: 'tp_outbox_parked_rows', help: 'Outbox rows the relay set aside as unpublishable (npm run outbox -- list)' },
        samples: (s) => [{ labels: {}, value: s.parked }],
      },
    ]);
  }

  if (deps.consumers?.length) {
    const reader = new ConsumerStateReader(deps.nc, deps.consumers);
    gauges.add({ name: 'jetstream', read: () => reader.read() }, [
      {
        spec: {
          name: 'tp_consumer_pending_messages',
          help: 'Messages a durable consumer still owes: not yet delivered plus delivered and not yet acked (JetStream consumer info)',
          labelNames: ['stream', 'consumer', 'durable'],
        },
        samples: (all) => all.map((c) => ({ labels: { stream: c.stream, consumer: c.consumer, durable: c.durable }, value: c.pending })),
      },
      {
        spec: {
          name: 'tp_dead_letter_messages',
          help: 'Messages this service\'s consumer parked on dlq.<STREAM>.<consumer> in the DEAD_LETTER stream (npm run dlq)',
          labelNames: ['stream', 'consumer'],
        },
        samples: (all) => all.map((c) => ({ labels: { stream: c.stream, consumer: c.consumer }, value: c.deadLetters })),
      },
    ]);
  }
  return gauges;
}

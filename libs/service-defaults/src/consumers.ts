import type { INestApplication, Type } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { BackendService } from '#libs/contracts';
import type { Logger, ServiceMetrics } from '#libs/observability';
import { EventConsumer, type EventHandler, type EventHandlerSet, type OutboxRelay } from '#libs/messaging';

/**
 * A named durable consumer of a service: `consumer` names it (durables are `<consumer>__<STREAM>`),
 * `handlers` is an `@Injectable()` `EventHandlerSet` provided by the service's module.
 */
export interface ConsumerDefinition {
  consumer: string;
  handlers: Type<EventHandlerSet>;
}

/** The running consumers of a service, as `startService` owns them. */
export class ServiceConsumers {
  constructor(readonly consumers: readonly EventConsumer[]) {}

  /** Every consumer is pulling (a paused one waits for its database and counts as up: that check is separate). */
  healthy(): boolean {
    return this.consumers.every((c) => c.isPulling());
  }

  /** Stops pulling everywhere and waits for each message in flight to commit and be acked. */
  async drain(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}

function byProducer(handlers: readonly EventHandler<any>[]): Map<BackendService, EventHandler<any>[]> {
  const groups = new Map<BackendService, EventHandler<any>[]>();
  for (const handler of handlers) {
    const service = handler.contract.service as BackendService;
    groups.set(service, [...(groups.get(service) ?? []), handler]);
  }
  return groups;
}

/**
 * Resolves each definition's handler set from the Nest app and starts one durable consumer per
 * producing stream. The provisioner made the streams and durables beforehand, so a consumer may
 * start before the service it listens to.
 */
export async function startConsumers(
  definitions: readonly ConsumerDefinition[],
  deps: {
    app: INestApplication;
    nc: NatsConnection;
    orm: MikroORM;
    logger: Logger;
    metrics: ServiceMetrics;
    /** Woken after a handler commits, so events it raised go out without waiting for the poll. */
    relay?: OutboxRelay;
  },
): Promise<ServiceConsumers> {
  const consumers: EventConsumer[] = [];
  const names = new Set<string>();
  for (const def of definitions) {
    if (names.has(def.consumer)) throw new Error(`consumer ${def.consumer} is declared twice`);
    names.add(def.consumer);
    const handlers = deps.app.get(def.handlers, { strict: false }).handlers();
    for (const [, group] of byProducer(handlers)) {
      consumers.push(
        new EventConsumer({
          consumer: def.consumer,
          nc: deps.nc,
          orm: deps.orm,
          handlers: group,
          logger: deps.logger,
          onSettled: (subject, outcome) => {
            deps.metrics.eventsProcessed.inc({ subject, outcome });
            if (outcome === 'applied') deps.relay?.notify();
          },
          onDeadLetterFailed: (subject) => deps.metrics.deadLetterPublishFailures.inc({ subject }),
        }),
      );
    }
  }
  const running = new ServiceConsumers(consumers);
  try {
    for (const consumer of consumers) await consumer.start();
  } catch (err) {
    await running.drain();
    throw err;
  }
  return running;
}

import type { INestApplication, Type } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { MikroORM } from '@mikro-orm/postgresql';
import { COMMAND_CONTRACTS, type BackendService } from '#libs/contracts';
import type { Logger, ServiceMetrics } from '#libs/observability';
import {
  CommandConsumer,
  EventConsumer,
  type CommandHandler,
  type CommandHandlerSet,
  type DurableConsumer,
  type EventHandler,
  type EventHandlerSet,
  type MessageOutcome,
  type OutboxRelay,
} from '#libs/messaging';

/**
 * A named durable consumer of a service: `consumer` names it (durables are `<consumer>__<STREAM>`),
 * `handlers` is an `@Injectable()` `EventHandlerSet` provided by the service's module.
 */
export interface ConsumerDefinition {
  consumer: string;
  handlers: Type<EventHandlerSet>;
}

/** The running consumers of a service (event consumers and its command intake), as `startService` owns them. */
export class ServiceConsumers {
  constructor(readonly consumers: readonly DurableConsumer[]) {}

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
 * The registry says which commands go to a service's intake; the service must take exactly
 * those: a command without a handler would sit in the work queue forever, a handler for a
 * subject nobody may publish would never run. `handlers` undefined: the service declares no
 * `commands` at all.
 */
export function checkCommandHandlers(service: BackendService, handlers: readonly CommandHandler<any>[] | undefined): void {
  const registered = COMMAND_CONTRACTS.filter((c) => c.service === service).map((c) => c.subject);
  const handled = new Set((handlers ?? []).flatMap((h) => h.contracts.map((c) => c.subject)));
  const missing = registered.filter((s) => !handled.has(s));
  const unknown = [...handled].filter((s) => !registered.includes(s));
  if (missing.length && !handlers) {
    throw new Error(`${service} has commands in the registry (${missing.join(', ')}) but declares no \`commands\`: nothing would read its intake`);
  }
  if (missing.length) throw new Error(`${service}'s command handlers miss ${missing.join(', ')}`);
  if (unknown.length) throw new Error(`${service}'s command handlers take ${unknown.join(', ')}, which no registered command contract names (libs/contracts)`);
}

/**
 * Resolves each definition's handler set from the Nest app and starts one durable consumer per
 * producing stream, and the command intake when the service has one. The provisioner made the
 * streams and durables beforehand, so a consumer may start before the service it listens to.
 */
export async function startConsumers(
  definitions: readonly ConsumerDefinition[],
  commands: Type<CommandHandlerSet> | undefined,
  deps: {
    service: BackendService;
    app: INestApplication;
    nc: NatsConnection;
    orm: MikroORM;
    logger: Logger;
    metrics: ServiceMetrics;
    /** Woken after a handler commits, so events it raised go out without waiting for the poll. */
    relay?: OutboxRelay;
  },
): Promise<ServiceConsumers> {
  const consumers: DurableConsumer[] = [];
  const names = new Set<string>();
  const onDeadLetterFailed = (subject: string) => deps.metrics.deadLetterPublishFailures.inc({ subject });
  // Counted, and the relay woken after a commit, so events a handler raised go out without waiting for the poll.
  const countIn = (counter: ServiceMetrics['eventsProcessed']) => (subject: string, outcome: MessageOutcome) => {
    counter.inc({ subject, outcome });
    if (outcome === 'applied') deps.relay?.notify();
  };
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
          onSettled: countIn(deps.metrics.eventsProcessed),
          onDeadLetterFailed,
        }),
      );
    }
  }
  if (commands) {
    const commandHandlers = deps.app.get(commands, { strict: false }).handlers();
    checkCommandHandlers(deps.service, commandHandlers);
    consumers.push(
      new CommandConsumer({
        service: deps.service,
        nc: deps.nc,
        orm: deps.orm,
        handlers: commandHandlers,
        logger: deps.logger,
        onSettled: countIn(deps.metrics.commandsProcessed),
        onDeadLetterFailed,
      }),
    );
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

import type { EntityManager } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamOf, type BackendService } from '#libs/contracts';
import type { BackoffOptions } from '../events/backoff.js';
import { silentLogger, type MessagingLogger } from '../events/logger.js';
import { eventSubjectsOf } from '../events/streams.js';
import { consumerFilter, durableNameOf, ensureDurable } from './consumer-config.js';
import type { MessageOutcome } from './consumer-telemetry.js';
import { EventApplication } from './event-application.js';
import { batchLimitOf, type EventHandler } from './event-handler.js';
import { databaseAndNatsAnswer, PullLoop, type DurableConsumer } from './pull-loop.js';
import { RejectionPolicy } from './rejection-policy.js';

export interface EventConsumerOptions {
  /** The consuming service (or a named projection inside it), e.g. `campaigns`. */
  consumer: string;
  nc: NatsConnection;
  /** Anything with a root EntityManager (a `MikroORM`); each message runs on a fork of it. */
  orm: { em: EntityManager };
  /** Handlers for events of ONE producing service (one durable consumer per stream). */
  handlers: readonly EventHandler<any>[];
  /** Deliveries before a failing message is dead-lettered. Default 5. */
  maxDeliver?: number;
  /** Redelivery delay after a handler failure, by delivery count. */
  retry?: BackoffOptions;
  /** Time a delivery may stay unacknowledged before JetStream redelivers it. Default 30 s. */
  ackWaitMs?: number;
  /** Messages pulled ahead of processing. Default 10 (or the largest batch). */
  maxMessages?: number;
  /**
   * Waits between health probes while paused on an infrastructure failure (database or NATS
   * away), growing with each failed probe. Default 250 ms up to 10 s.
   */
  outageBackoff?: BackoffOptions;
  logger?: MessagingLogger;
  /** Told how each message ended (metrics). */
  onSettled?: (subject: string, outcome: EventOutcome) => void;
  /** Told when a dead letter could not be stored (the message is kept and retried). */
  onDeadLetterFailed?: (subject: string) => void;
}

export type EventOutcome = MessageOutcome;

/**
 * A durable pull consumer (`<consumer>__<STREAM>`) of one producer's events: the shared pull
 * loop reads them in rounds (one event, or a batch of one batch-handled subject) and
 * `EventApplication` applies each at most once through the inbox. It pauses through an outage
 * of the database or NATS and dead-letters only what its handlers reject, after bounded retries.
 */
export class EventConsumer implements DurableConsumer {
  readonly stream: string;
  readonly durableName: string;
  readonly deadLetterTarget: { stream: string; consumer: string };
  private readonly service: BackendService;
  private readonly handlers = new Map<string, EventHandler<any>>();
  private readonly loop: PullLoop;

  constructor(private readonly opts: EventConsumerOptions) {
    if (opts.handlers.length === 0) throw new Error(`consumer ${opts.consumer} has no handlers`);
    const services = new Set(opts.handlers.map((h) => h.contract.service));
    if (services.size > 1) {
      throw new Error(`consumer ${opts.consumer} mixes producers (${[...services].join(', ')}): use one EventConsumer per producer`);
    }
    for (const handler of opts.handlers) {
      if (this.handlers.has(handler.contract.subject)) {
        throw new Error(`consumer ${opts.consumer} has two handlers for ${handler.contract.subject}`);
      }
      this.handlers.set(handler.contract.subject, handler);
    }
    this.service = opts.handlers[0]!.contract.service;
    this.stream = streamOf(this.service);
    this.durableName = durableNameOf(opts.consumer, this.stream);
    this.deadLetterTarget = { stream: this.stream, consumer: opts.consumer };
    const logger = opts.logger ?? silentLogger;
    const application = new EventApplication({
      durable: this.durableName,
      orm: opts.orm,
      handlers: this.handlers,
      rejections: new RejectionPolicy({
        js: jetstream(opts.nc),
        target: this.deadLetterTarget,
        maxDeliver: opts.maxDeliver ?? 5,
        retry: opts.retry ?? { baseMs: 1000, maxMs: 60_000 },
        logger,
        onDeadLetterFailed: opts.onDeadLetterFailed,
      }),
      logger,
      onSettled: opts.onSettled,
    });
    this.loop = new PullLoop({
      nc: opts.nc,
      stream: this.stream,
      durable: this.durableName,
      // Enough buffered for a batch handler to find a full batch waiting.
      maxMessages: Math.max(opts.maxMessages ?? 10, ...opts.handlers.map(batchLimitOf)),
      roundLimit: (first) => application.batchLimit(first.subject),
      joins: (first, next) => next.subject === first.subject,
      settle: (round) => application.settle(round),
      probe: () => databaseAndNatsAnswer(opts.orm, opts.nc),
      ackWaitMs: this.ackWaitMs,
      outageBackoff: opts.outageBackoff,
      logger,
    });
  }

  private get ackWaitMs(): number {
    return this.opts.ackWaitMs ?? 30_000;
  }

  /** Creates or updates the durable consumer, then starts pulling. The stream must exist. */
  async start(): Promise<void> {
    if (this.loop.isStarted()) return;
    const filter = consumerFilter([...this.handlers.keys()], this.opts.nc.info?.version, eventSubjectsOf(this.service));
    await ensureDurable(this.opts.nc, { stream: this.stream, durable: this.durableName, ackWaitMs: this.ackWaitMs, filter });
    await this.loop.start();
  }

  /**
   * Stops pulling and waits for the message in flight to be acked or naked; messages pulled
   * but not started (or held during an outage) are handed back at once (nak) for another replica.
   */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** True while the consumer is started and its pull is alive (also while paused on an outage). */
  isPulling(): boolean {
    return this.loop.isPulling();
  }

  /** True while waiting for the database or NATS to come back. */
  isPaused(): boolean {
    return this.loop.isPaused();
  }
}

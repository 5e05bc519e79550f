import { jetstream } from '@nats-io/jetstream';
import { streamOf, type BackendService } from '#libs/contracts';
import { silentLogger } from '../events/logger.js';
import { eventSubjectsOf } from '../events/streams.js';
import { consumerFilter, durableNameOf } from './consumer-config.js';
import type { MessageOutcome } from './consumer-telemetry.js';
import { EventApplication } from './event-application.js';
import { batchLimitOf, type EventHandler } from './event-handler.js';
import { databaseAndNatsAnswer, PulledConsumer, PullLoop, type DurableConsumerOptions } from './pull-loop.js';
import { RejectionPolicy } from './rejection-policy.js';

/** Defaults: 5 deliveries, retries 1 s up to 60 s, ack wait 30 s, 10 messages buffered (or the largest batch). */
export interface EventConsumerOptions extends DurableConsumerOptions {
  /** The consuming service (or a named projection inside it), e.g. `campaigns`. */
  consumer: string;
  /** Handlers for events of ONE producing service (one durable consumer per stream). */
  handlers: readonly EventHandler<any>[];
}

export type EventOutcome = MessageOutcome;

/**
 * A durable pull consumer (`<consumer>__<STREAM>`) of one producer's events: the shared pull
 * loop reads them in rounds (one event, or a batch of one batch-handled subject) and
 * `EventApplication` applies each at most once through the inbox. It pauses through an outage
 * of the database or NATS and dead-letters only what its handlers reject, after bounded retries.
 */
export class EventConsumer extends PulledConsumer {
  readonly stream: string;
  readonly durableName: string;
  readonly deadLetterTarget: { stream: string; consumer: string };
  private readonly service: BackendService;
  private readonly handlers = new Map<string, EventHandler<any>>();
  protected readonly loop: PullLoop;

  constructor(opts: EventConsumerOptions) {
    super();
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
      filter: consumerFilter([...this.handlers.keys()], opts.nc.info?.version, eventSubjectsOf(this.service)),
      // Enough buffered for a batch handler to find a full batch waiting.
      maxMessages: Math.max(opts.maxMessages ?? 10, ...opts.handlers.map(batchLimitOf)),
      roundLimit: (first) => application.batchLimit(first.subject),
      joins: (first, next) => next.subject === first.subject,
      settle: (round) => application.settle(round),
      probe: () => databaseAndNatsAnswer(opts.orm, opts.nc),
      ackWaitMs: opts.ackWaitMs ?? 30_000,
      outageBackoff: opts.outageBackoff,
      logger,
    });
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { ROOT_CONTEXT, SpanStatusCode, isSpanContextValid, trace, type Link, type Span } from '@opentelemetry/api';
import { streamOf, type BackendService, type EventContract, type EventEnvelope, type PayloadOf } from '#libs/contracts';
import { extractTraceContext, withMessagingSpan } from '#libs/observability';
import { backoffDelay, type BackoffOptions } from '../events/backoff.js';
import { decodeEvent, untrustedOrigin } from '../events/envelope.js';
import { silentLogger, type MessagingLogger } from '../events/logger.js';
import { eventSubjectsOf } from '../events/streams.js';
import { consumerFilter, durableNameOf } from './consumer-config.js';
import { publishDeadLetter } from './dead-letter.js';
import { classifyFailure } from './failure-kind.js';
import { InboxEntry } from './inbox.entity.js';
import { recordInbox } from './inbox.js';

export interface EventHandler<C extends EventContract = EventContract> {
  readonly contract: C;
  /** Runs inside the consumer's transaction; `em` is that transaction. Throw to retry. */
  handle(em: EntityManager, event: EventEnvelope<PayloadOf<C>>): Promise<void>;
  /**
   * Applies several events of this contract in one transaction (see `onEventBatch`). Only for
   * handlers whose effect does not depend on how events are grouped or ordered among those
   * waiting (rollups keyed by the data's own timestamps, idempotent upserts).
   */
  handleBatch?(em: EntityManager, events: EventEnvelope<PayloadOf<C>>[]): Promise<void>;
  /** Most events per `handleBatch` transaction. */
  readonly maxBatch?: number;
}

/** Pairs a contract with its handler, typing the envelope's payload from the contract. */
export function onEvent<C extends EventContract>(
  contract: C,
  handle: (em: EntityManager, event: EventEnvelope<PayloadOf<C>>) => Promise<void>,
): EventHandler<C> {
  return { contract, handle };
}

/**
 * A handler that applies the events already waiting (up to `maxBatch`, default 20) in one
 * transaction: one inbox row per event commits with the batch's writes, so exactly-once holds
 * per event, and each message is acked after that commit. A redelivered event inside a batch
 * is skipped by its inbox row; if a batch fails for a reason other than infrastructure, its
 * events are retried one by one through the ordinary path, so a poison event is retried and
 * dead-lettered alone without holding back the others.
 */
export function onEventBatch<C extends EventContract>(
  contract: C,
  handleBatch: (em: EntityManager, events: EventEnvelope<PayloadOf<C>>[]) => Promise<void>,
  opts: { maxBatch?: number } = {},
): EventHandler<C> {
  return { contract, handle: (em, event) => handleBatch(em, [event]), handleBatch, maxBatch: opts.maxBatch ?? 20 };
}

/**
 * A service's handlers for one named consumer: an injectable class, so handlers can use the
 * service's providers. `startService` resolves it and runs one durable consumer per producer.
 */
export interface EventHandlerSet {
  handlers(): EventHandler<any>[];
}

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
  /** Messages pulled ahead of processing. Default 10. */
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

/** `untrusted`: not its producer's event by where it came from (see untrustedOrigin); dropped, never applied. */
export type EventOutcome = 'applied' | 'duplicate' | 'retry' | 'dead-lettered' | 'ignored' | 'untrusted' | 'paused';
type Outcome = EventOutcome;

const PROBE_TIMEOUT_MS = 5_000;

/** Resolves after pending I/O callbacks have run: messages already received win a race with it. */
const nextMacrotask = () => new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)));

function producerLinks(msg: JsMsg): Link[] {
  const producer = trace.getSpanContext(extractTraceContext(msg.headers, ROOT_CONTEXT));
  return producer && isSpanContextValid(producer) ? [{ context: producer }] : [];
}

/**
 * A durable pull consumer (`<consumer>__<STREAM>`) that applies each event at most once per
 * consumer: the inbox row and the handler's writes commit together, and the message is acked
 * only after that commit. Unreadable messages are dead-lettered at once; events the handler
 * rejects are retried with backoff and dead-lettered after `maxDeliver` deliveries.
 *
 * A failure of infrastructure (see `classifyFailure`) is never held against the event: the
 * consumer pauses — stops pulling, keeps what it holds un-acked (extending the ack deadline so
 * JetStream does not redeliver it), probes the database and NATS with backoff — and resumes
 * with the same messages once they answer, however long the outage lasts.
 */
export class EventConsumer {
  readonly stream: string;
  readonly durableName: string;
  readonly deadLetterTarget: { stream: string; consumer: string };
  private readonly handlers = new Map<string, EventHandler<any>>();
  private readonly service: BackendService;
  private readonly maxDeliver: number;
  private readonly retry: BackoffOptions;
  private readonly logger: MessagingLogger;
  private readonly js: JetStreamClient;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;
  private started = false;
  private pulling = false;
  private paused = false;
  private wakeProbe?: () => void;

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
    this.maxDeliver = opts.maxDeliver ?? 5;
    this.retry = opts.retry ?? { baseMs: 1000, maxMs: 60_000 };
    this.logger = opts.logger ?? silentLogger;
    this.js = jetstream(opts.nc);
  }

  /** Creates or updates the durable consumer, then starts pulling. The stream must exist. */
  async start(): Promise<void> {
    if (this.started) return;
    this.stopping = false;
    await this.ensureConsumer();
    this.messages = await this.pull();
    this.started = true;
    this.loop = this.run(this.messages);
  }

  /**
   * Stops pulling and waits for the message in flight to be acked or naked; messages pulled
   * but not started (or held during an outage) are handed back at once (nak) for another replica.
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    this.wakeProbe?.();
    await this.messages?.close();
    await this.loop;
    this.messages = undefined;
    this.started = false;
    this.pulling = false;
  }

  /** True while the consumer is started and its pull is alive (also while paused on an outage). */
  isPulling(): boolean {
    return this.started && !this.stopping && (this.pulling || this.paused);
  }

  /** True while waiting for the database or NATS to come back. */
  isPaused(): boolean {
    return this.paused;
  }

  private async pull(): Promise<ConsumerMessages> {
    const consumer = await this.js.consumers.get(this.stream, this.durableName);
    // Enough buffered for a batch handler to find a full batch waiting.
    const batch = Math.max(1, ...[...this.handlers.values()].map((h) => (h.handleBatch ? (h.maxBatch ?? 1) : 1)));
    return consumer.consume({ max_messages: Math.max(this.opts.maxMessages ?? 10, batch) });
  }

  private async ensureConsumer(): Promise<void> {
    const jsm = await jetstreamManager(this.opts.nc);
    const filter = consumerFilter([...this.handlers.keys()], this.opts.nc.info?.version, eventSubjectsOf(this.service));
    const config: Partial<ConsumerConfig> = {
      durable_name: this.durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.opts.ackWaitMs ?? 30_000),
      // The consumer dead-letters by itself after maxDeliver; a server-side cap would drop silently.
      max_deliver: -1,
      // Explicitly unset the other filter form, so switching between them updates cleanly.
      filter_subject: filter.filter_subject,
      filter_subjects: filter.filter_subjects,
    };
    try {
      try {
        await jsm.consumers.info(this.stream, this.durableName);
      } catch (err) {
        if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
        await jsm.consumers.add(this.stream, config);
        return;
      }
      const { durable_name: _name, deliver_policy: _policy, ...update } = config;
      await jsm.consumers.update(this.stream, this.durableName, update);
    } catch (err) {
      if (!/permissions violation/i.test(String(err))) throw err;
      throw new Error(
        `durable consumer ${this.durableName} on ${this.stream} is not one this service may use: declare it in EVENT_CONSUMERS (libs/contracts), then regenerate the bus credentials and run npm run bus:provision (${(err as Error).message})`,
        { cause: err },
      );
    }
  }

  private originOf(msg: JsMsg) {
    return { stream: msg.info.stream, subject: msg.subject, headers: msg.headers };
  }

  private async run(first: ConsumerMessages): Promise<void> {
    let messages: ConsumerMessages | undefined = first;
    while (messages) {
      const held = await this.drainPull(messages);
      if (this.stopping) {
        for (const msg of held) msg.nak();
        return;
      }
      if (held.length === 0) {
        // The pull ended by itself (consumer deleted, connection closed for good): unacked
        // messages stay in the stream for the next start; readiness reports it.
        this.logger.error({ consumer: this.durableName }, 'event consumer stopped pulling');
        this.pulling = false;
        return;
      }
      await this.recover(held);
      if (this.stopping) return;
      messages = await this.resumePull();
      this.messages = messages;
    }
  }

  /**
   * Processes messages until the pull ends. On an infrastructure failure it closes the pull and
   * returns what it holds (the failed messages first, then those already buffered) for recover().
   * Messages of a batch handler are gathered while more are already waiting (never waiting for
   * more to arrive), up to its maxBatch, and applied together.
   */
  private async drainPull(messages: ConsumerMessages): Promise<JsMsg[]> {
    const held: JsMsg[] = [];
    this.pulling = true;
    const it = messages[Symbol.asyncIterator]();
    let next = it.next();
    let carried: JsMsg | undefined;
    let ended = false;
    try {
      while (carried || !ended) {
        let msg = carried;
        carried = undefined;
        if (!msg) {
          const r = await next;
          if (r.done) break;
          next = it.next();
          msg = r.value;
        }
        if (this.stopping) {
          msg.nak();
          continue;
        }
        if (held.length > 0) {
          held.push(msg);
          continue;
        }
        const batch = [msg];
        const limit = this.batchLimit(msg.subject);
        while (batch.length < limit) {
          const r = await Promise.race([next, nextMacrotask()]);
          if (r === undefined) break;
          if (r.done) {
            ended = true;
            break;
          }
          next = it.next();
          if (r.value.subject !== msg.subject) {
            carried = r.value;
            break;
          }
          batch.push(r.value);
        }
        if (this.stopping) {
          for (const m of batch) m.nak();
          continue;
        }
        const unsettled = batch.length === 1 ? ((await this.processSafely(msg)) === 'paused' ? batch : []) : await this.processBatchSafely(batch);
        if (unsettled.length > 0) {
          this.pause(msg.subject);
          held.push(...unsettled);
          if (carried) held.push(carried);
          carried = undefined;
          // Buffered messages still arrive before the iterator ends; they are held too.
          void messages.close();
        }
      }
    } catch (err) {
      this.logger.error({ err, consumer: this.durableName }, 'event consumer pull failed');
    }
    if (carried) held.push(carried);
    this.pulling = false;
    return held;
  }

  private batchLimit(subject: string): number {
    const handler = this.handlers.get(subject);
    return handler?.handleBatch ? Math.max(1, handler.maxBatch ?? 1) : 1;
  }

  private async processBatchSafely(batch: JsMsg[]): Promise<JsMsg[]> {
    try {
      return await this.processBatch(batch);
    } catch (err) {
      // As in processSafely: a bug; JetStream redelivers what was not acked after ack_wait.
      this.logger.error({ err, subject: batch[0]!.subject, seq: batch[0]!.seq }, 'event consumer failed to settle a batch');
      return [];
    }
  }

  /**
   * Applies `batch` (messages of one batch-handled subject) in one transaction and acks each
   * message after the commit. Returns the messages left unsettled by an infrastructure failure,
   * to be held. Messages the batch path does not take (unreadable, delivered too often) and every
   * message of a batch the handler rejected go through the one-by-one path.
   */
  private async processBatch(batch: JsMsg[]): Promise<JsMsg[]> {
    const subject = batch[0]!.subject;
    const handler = this.handlers.get(subject)!;
    const ready: { msg: JsMsg; event: EventEnvelope<unknown> }[] = [];
    const alone: JsMsg[] = [];
    for (const msg of batch) {
      const decoded = msg.info.deliveryCount > this.maxDeliver ? undefined : decodeEvent(handler.contract, msg.data, this.originOf(msg));
      if (decoded?.ok) ready.push({ msg, event: decoded.envelope });
      else alone.push(msg);
    }
    const oneByOne = async (msgs: JsMsg[]): Promise<JsMsg[]> => {
      for (const [i, msg] of msgs.entries()) if ((await this.processSafely(msg)) === 'paused') return msgs.slice(i);
      return [];
    };
    const left = await oneByOne(alone);
    if (left.length) return [...left, ...ready.map((r) => r.msg)];
    if (!ready.length) return [];
    const outcome = await withMessagingSpan(
      subject,
      'process',
      async (span): Promise<'settled' | 'paused' | 'rejected'> => {
        try {
          const applied = await this.opts.orm.em.fork().transactional(async (em) => {
            const fresh: EventEnvelope<unknown>[] = [];
            for (const { event } of ready) if (await recordInbox(em, this.durableName, event.id)) fresh.push(event);
            if (fresh.length) await handler.handleBatch!(em, fresh);
            return new Set(fresh.map((e) => e.id));
          });
          for (const { msg, event } of ready) {
            msg.ack();
            this.opts.onSettled?.(subject, applied.has(event.id) ? 'applied' : 'duplicate');
          }
          span.setAttribute('tp.messaging.outcome', 'applied');
          return 'settled';
        } catch (err) {
          const error = err as Error;
          span.recordException(error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          if (classifyFailure(err) === 'infrastructure') {
            this.logger.warn({ err: error, subject, events: ready.length }, 'event batch hit an unavailable dependency');
            return 'paused';
          }
          this.logger.warn({ err: error, subject, events: ready.length }, 'event batch failed; applying its events one by one');
          return 'rejected';
        }
      },
      {
        // A batch applies events of many producers' traces at once: it cannot be the child of
        // each, so it starts its own trace and links to every publish span.
        parent: ROOT_CONTEXT,
        links: ready.flatMap(({ msg }) => producerLinks(msg)),
        attributes: { 'messaging.consumer.group.name': this.durableName, 'messaging.batch.message_count': ready.length },
      },
    );
    if (outcome === 'settled') return [];
    const msgs = ready.map((r) => r.msg);
    if (outcome === 'rejected') return oneByOne(msgs);
    for (const _ of msgs) this.opts.onSettled?.(subject, 'paused');
    return msgs;
  }

  private pause(subject: string): void {
    if (!this.paused) this.logger.warn({ consumer: this.durableName, subject }, 'event consumer paused: a dependency is unavailable');
    this.paused = true;
  }

  /**
   * Keeps the held messages un-acked and alive while probing with backoff; when the probe
   * passes, processes them in order. A failure of infrastructure again means another round.
   */
  private async recover(held: JsMsg[]): Promise<void> {
    const keepAlive = setInterval(() => held.forEach((m) => m.working()), Math.max(100, Math.floor((this.opts.ackWaitMs ?? 30_000) / 3)));
    let probes = 0;
    try {
      while (held.length > 0 && !this.stopping) {
        await this.sleepUnlessStopped(backoffDelay(++probes, this.opts.outageBackoff ?? { baseMs: 250, maxMs: 10_000 }));
        if (this.stopping || !(await this.dependenciesUp())) continue;
        while (held.length > 0 && !this.stopping) {
          if ((await this.processSafely(held[0]!)) === 'paused') break;
          held.shift();
          probes = 0;
        }
      }
    } finally {
      clearInterval(keepAlive);
    }
    if (this.stopping) {
      for (const msg of held) msg.nak();
      return;
    }
    this.paused = false;
    this.logger.info({ consumer: this.durableName }, 'event consumer resumed');
  }

  private async resumePull(): Promise<ConsumerMessages | undefined> {
    let attempts = 0;
    while (!this.stopping) {
      try {
        return await this.pull();
      } catch (err) {
        this.logger.warn({ err, consumer: this.durableName }, 'event consumer could not resume pulling, will retry');
        this.paused = true;
        await this.sleepUnlessStopped(backoffDelay(++attempts, this.opts.outageBackoff ?? { baseMs: 250, maxMs: 10_000 }));
      }
    }
    this.paused = false;
    return undefined;
  }

  /** Database and NATS both answer. Bounded, so a hung connect (a partition) cannot stall stop(). */
  private async dependenciesUp(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS);
    });
    try {
      await Promise.race([Promise.all([this.opts.orm.em.fork().getConnection().execute('select 1'), this.opts.nc.flush()]), timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private sleepUnlessStopped(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeProbe = done;
    });
  }

  private async processSafely(msg: JsMsg): Promise<Outcome> {
    try {
      const outcome = await this.process(msg);
      this.opts.onSettled?.(msg.subject, outcome);
      return outcome;
    } catch (err) {
      // process() settles every message itself; reaching here is a bug, and JetStream will
      // redeliver after ack_wait, so keep consuming.
      this.logger.error({ err, subject: msg.subject, seq: msg.seq }, 'event consumer failed to settle a message');
      return 'retry';
    }
  }

  private process(msg: JsMsg): Promise<Outcome> {
    return withMessagingSpan(
      msg.subject,
      'process',
      async (span) => {
        const outcome = await this.settle(msg, span);
        span.setAttribute('tp.messaging.outcome', outcome);
        return outcome;
      },
      {
        // The consumer span is a child of the publish span, so one trace shows the request,
        // its outbox publish and every consumer that applied the event (each delivery,
        // retries included, as a span of its own). The link says the same for backends that
        // only follow links. A message without trace headers starts a trace of its own.
        parent: extractTraceContext(msg.headers, ROOT_CONTEXT),
        links: producerLinks(msg),
        attributes: {
          'messaging.consumer.group.name': this.durableName,
          'messaging.message.delivery_count': msg.info.deliveryCount,
        },
      },
    );
  }

  private async settle(msg: JsMsg, span: Span): Promise<Outcome> {
    const handler = this.handlers.get(msg.subject);
    if (!handler) {
      // Only possible with the whole-stream filter of pre-2.10 servers: not ours to handle.
      msg.ack();
      return 'ignored';
    }
    const untrusted = untrustedOrigin(handler.contract, this.originOf(msg));
    if (untrusted) {
      // Not a dead letter: replaying it would strip the very headers that betray it.
      this.logger.warn({ consumer: this.durableName, subject: msg.subject, seq: msg.seq, reason: untrusted }, 'event refused: not from its producer');
      span.setAttribute('tp.messaging.untrusted_reason', untrusted);
      msg.term();
      return 'untrusted';
    }
    const deliveries = msg.info.deliveryCount;
    const decoded = decodeEvent(handler.contract, msg.data);
    if (!decoded.ok) return this.deadLetter(msg, decoded.reason, span);
    const event = decoded.envelope;
    span.setAttribute('messaging.message.id', event.id);
    if (deliveries > this.maxDeliver) {
      // Deliveries that never reached our error path: ack_wait expired (crash, hung handler).
      // An event applied whose ack was lost is a duplicate, not a dead letter.
      let applied: boolean;
      try {
        applied = (await this.opts.orm.em.fork().count(InboxEntry, { consumer: this.durableName, eventId: event.id })) > 0;
      } catch (err) {
        if (classifyFailure(err) === 'infrastructure') return 'paused';
        throw err;
      }
      if (applied) {
        msg.ack();
        return 'duplicate';
      }
      return this.deadLetter(msg, `delivered ${deliveries} times without being settled (ack wait expired)`, span);
    }
    try {
      const applied = await this.opts.orm.em.fork().transactional(async (em) => {
        if (!(await recordInbox(em, this.durableName, event.id))) return false;
        await handler.handle(em, event);
        return true;
      });
      msg.ack();
      return applied ? 'applied' : 'duplicate';
    } catch (err) {
      const error = err as Error;
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      if (classifyFailure(err) === 'infrastructure') {
        // Not the event's fault: the caller holds it un-acked and pauses until the dependency is back.
        this.logger.warn({ err: error, eventId: event.id, subject: msg.subject }, 'event handler hit an unavailable dependency');
        return 'paused';
      }
      if (deliveries >= this.maxDeliver) {
        return this.deadLetter(msg, `handler failed on delivery ${deliveries} of ${this.maxDeliver}: ${error.message}`, span);
      }
      this.logger.warn({ err: error, eventId: event.id, subject: msg.subject, deliveries }, 'event handler failed, will retry');
      msg.nak(backoffDelay(deliveries, this.retry));
      return 'retry';
    }
  }

  private async deadLetter(msg: JsMsg, reason: string, span: Span): Promise<Outcome> {
    span.setAttribute('tp.messaging.dead_letter_reason', reason);
    span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
    try {
      await publishDeadLetter(this.js, msg, this.deadLetterTarget, reason);
    } catch (err) {
      // Never drop: if the dead letter cannot be stored, keep the message and try again later.
      this.opts.onDeadLetterFailed?.(msg.subject);
      this.logger.error({ err, subject: msg.subject, seq: msg.seq, reason }, 'dead-lettering failed, message kept un-acked; will retry');
      msg.nak(backoffDelay(msg.info.deliveryCount, this.retry));
      return 'retry';
    }
    this.logger.warn({ subject: msg.subject, seq: msg.seq, reason }, 'event dead-lettered');
    msg.term();
    return 'dead-lettered';
  }
}

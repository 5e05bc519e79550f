import { DeliverPolicy, jetstream, type Consumer, type ConsumerMessages, type OrderedConsumerOptions } from '@nats-io/jetstream';
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { copiedFromElsewhere } from '../events/envelope.js';
import type { MessagingLogger } from '../events/logger.js';

const RETRY_MS = 1_000;
/** Consumer notifications after which events may have been missed or the feed is down. */
const GAP = new Set(['heartbeats_missed', 'consumer_not_found', 'stream_not_found', 'consumer_deleted', 'no_responders']);

export interface EventFeedHandlers {
  /**
   * The consumer is open (or reopened) and messages are about to flow. Called again after the
   * client recreated the ordered consumer, after the connection came back and when heartbeats
   * return after missed ones: the server may have nothing more to deliver, so no message would
   * otherwise tell a listener it caught up.
   */
  opened?(consumer: Consumer): Promise<void> | void;
  message(msg: JsMsg): void;
  /**
   * Whether the feed is known to deliver everything: false as soon as it may miss events
   * (closed, failed, disconnected, missed heartbeats), true again once it is open and
   * delivering. Every change is reported, so a cache can drop what it learnt meanwhile.
   */
  live?(live: boolean): void;
  /** The client recreated the ordered consumer (a sequence gap): events may have been skipped. */
  reset?(): void;
}

/**
 * Follows subjects of one stream through an ordered consumer (no durable state, no acks: for a
 * stateless reader such as the gateway, which only keeps caches), reopening it a second after any failure until stopped. A reopen starts
 * right after the last stream sequence this feed delivered, so nothing published meanwhile is
 * skipped (the first open uses the caller's options).
 */
export class EventFeed {
  private stopping = false;
  private messages?: ConsumerMessages;
  private consumer?: Consumer;
  private loop?: Promise<void>;
  private statusLoop?: Promise<void>;
  private isLive = false;
  /** Stream sequence of the last message delivered (tests, diagnostics). */
  lastSeq?: number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    /** Called on the first open (and any reopen before a message was seen), so a start time can move with the clock. */
    private readonly options: () => Partial<OrderedConsumerOptions>,
    private readonly handlers: EventFeedHandlers,
    private readonly logger: MessagingLogger,
    private readonly name: string,
  ) {}

  start() {
    if (this.loop) return;
    this.loop = this.run();
    this.statusLoop = this.watchConnection();
  }

  live(): boolean {
    return this.isLive;
  }

  private setLive(live: boolean) {
    if (live && (this.stopping || !this.messages || this.nc.isClosed())) return;
    if (this.isLive === live) return;
    this.isLive = live;
    this.handlers.live?.(live);
  }

  private openOptions(): Partial<OrderedConsumerOptions> {
    const base = this.options();
    if (this.lastSeq === undefined) return base;
    return { filter_subjects: base.filter_subjects, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.lastSeq + 1 };
  }

  private async run(): Promise<void> {
    const js = jetstream(this.nc);
    while (!this.stopping) {
      try {
        const consumer = await js.consumers.get(this.stream, this.openOptions());
        // Where this consumer starts, so a reopen before any delivery still resumes from here.
        this.lastSeq ??= (await consumer.info(true)).delivered.stream_seq;
        const messages = await consumer.consume();
        this.messages = messages;
        this.consumer = consumer;
        void this.watchStatus(messages, consumer);
        await this.handlers.opened?.(consumer);
        this.setLive(true);
        for await (const msg of messages) {
          this.lastSeq = msg.seq;
          // Only the owner's stream is trusted to carry its events, and only what was published to it.
          const foreign = msg.info.stream !== this.stream ? `read from stream ${msg.info.stream}` : copiedFromElsewhere(this.stream, msg.headers);
          if (!foreign) this.handlers.message(msg);
          else this.logger.warn({ feed: this.name, stream: msg.info.stream, subject: msg.subject, reason: foreign }, 'event from a foreign stream ignored');
          this.setLive(true);
        }
      } catch (err) {
        if (!this.stopping) this.logger.warn({ err, feed: this.name }, 'event feed unavailable; retrying');
      }
      this.messages = undefined;
      this.consumer = undefined;
      this.setLive(false);
      if (!this.stopping) await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  /** The same consumer handle now reads from a consumer the server may have nothing pending on. */
  private async reopened(consumer: Consumer) {
    if (this.stopping || this.consumer !== consumer) return;
    try {
      await this.handlers.opened?.(consumer);
      this.setLive(true);
    } catch (err) {
      // The server lost the consumer (it restarted): open a new one after the last sequence
      // delivered rather than wait for the client to notice through missed heartbeats.
      this.logger.warn({ err, feed: this.name }, 'event feed could not confirm it caught up; reopening');
      if (this.consumer === consumer) await this.messages?.close().catch(() => undefined);
    }
  }

  private async watchStatus(messages: ConsumerMessages, consumer: Consumer) {
    try {
      for await (const s of messages.status()) {
        if (GAP.has(s.type)) this.setLive(false);
        else if (s.type === 'reset') this.handlers.reset?.();
        else if (s.type === 'ordered_consumer_recreated') {
          this.handlers.reset?.();
          void this.reopened(consumer);
        } else if (s.type === 'heartbeat' && !this.isLive) {
          // Heartbeats are back on the same consumer after a gap (its stream or consumer was
          // electing a leader, as when a node of the cluster is lost): nothing was skipped, but
          // a listener that lost track on the gap must look again, or it stays behind for good.
          void this.reopened(consumer);
        }
      }
    } catch {
      // the iterator ends with the consumer
    }
  }

  private async watchConnection() {
    try {
      for await (const status of this.nc.status()) {
        if (status.type === 'disconnect') this.setLive(false);
        if (status.type === 'reconnect') {
          this.setLive(true);
          if (this.consumer) void this.reopened(this.consumer);
        }
      }
    } catch {
      // the iterator ends with the connection
    }
  }

  async stop() {
    this.stopping = true;
    this.setLive(false);
    await this.messages?.close().catch(() => undefined);
    await this.loop;
  }
}

import { jetstream, type Consumer, type ConsumerMessages, type OrderedConsumerOptions } from '@nats-io/jetstream';
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '#libs/observability';

const RETRY_MS = 1_000;

export interface EventFeedHandlers {
  /** The consumer is open and messages are about to flow. */
  opened?(consumer: Consumer, messages: ConsumerMessages): Promise<void> | void;
  message(msg: JsMsg): void;
  /** The feed stopped or failed; it is retried after a second unless stopping. */
  closed?(): void;
}

/**
 * Follows subjects of one stream through an ordered consumer (no durable state: the gateway
 * only keeps caches), reopening it a second after any failure until stopped.
 */
export class EventFeed {
  private stopping = false;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    /** Called on every (re)open, so a start time can move with the clock. */
    private readonly options: () => Partial<OrderedConsumerOptions>,
    private readonly handlers: EventFeedHandlers,
    private readonly logger: Logger,
    private readonly name: string,
  ) {}

  start() {
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    const js = jetstream(this.nc);
    while (!this.stopping) {
      try {
        const consumer = await js.consumers.get(this.stream, this.options());
        const messages = await consumer.consume();
        this.messages = messages;
        await this.handlers.opened?.(consumer, messages);
        for await (const msg of messages) {
          // Only the owner's stream is trusted to carry its events.
          if (msg.info.stream === this.stream) this.handlers.message(msg);
          else this.logger.warn({ feed: this.name, stream: msg.info.stream, subject: msg.subject }, 'event from a foreign stream ignored');
        }
      } catch (err) {
        if (!this.stopping) this.logger.warn({ err, feed: this.name }, 'event feed unavailable; retrying');
      }
      this.messages = undefined;
      this.handlers.closed?.();
      if (!this.stopping) await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  async stop() {
    this.stopping = true;
    await this.messages?.close().catch(() => undefined);
    await this.loop;
  }
}

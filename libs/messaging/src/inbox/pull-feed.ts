import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { backoffDelay, wakeableWait, type BackoffOptions } from '../events/backoff.js';
import type { MessagingLogger } from '../events/logger.js';

export interface PullFeedOptions {
  nc: NatsConnection;
  consumer: Consumer;
  /** Most messages one pull request asks for: what the feed can hold unread. */
  batch: number;
  /** How long one pull request waits at the server. */
  expiresMs: number;
  /** Waits after a failed pull request (heartbeats missed, consumer away), growing with each failure in a row. */
  retry: BackoffOptions;
  logger: MessagingLogger;
  durable: string;
}

/**
 * A durable consumer's deliveries in the order the server made them, drawn by one pull request
 * at a time: the next request goes out only once the reader has taken the last message of the
 * previous one, and the server ends each request itself (batch filled, or expired) after its
 * last delivery. So `finish()` never strands a message: the open request runs to its end and
 * everything delivered is read. Ending a pull any other way does strand: an unsubscribe drops
 * the deliveries still in the server's queue or the socket (tens of them under load), and each
 * waits out the ack wait while later messages go ahead of it.
 *
 * One request at a time, not several: the server hands a message to each open request in turn,
 * so two requests' messages interleave, and reading one before the other would reorder them.
 */
export class PullFeed implements AsyncIterable<JsMsg> {
  private finishing = false;
  private current?: ConsumerMessages;
  private wake?: () => void;

  constructor(private readonly opts: PullFeedOptions) {}

  [Symbol.asyncIterator](): AsyncIterator<JsMsg> {
    return this.deliveries();
  }

  /** Sends no further pull request: the feed ends after the open one's last delivery. */
  finish(): void {
    this.finishing = true;
    this.wake?.();
  }

  /** Ends now (stopping): deliveries of the open request still on their way come back after the ack wait. */
  async close(): Promise<void> {
    this.finish();
    await this.current?.close();
  }

  private async *deliveries(): AsyncGenerator<JsMsg> {
    let failures = 0;
    try {
      while (!this.finishing && !this.opts.nc.isClosed()) {
        try {
          this.current = await this.opts.consumer.fetch({ max_messages: this.opts.batch, expires: this.opts.expiresMs });
          for await (const msg of this.current) yield msg;
          failures = 0;
        } catch (err) {
          if (this.finishing || this.opts.nc.isClosed()) break;
          this.opts.logger.warn({ err, consumer: this.opts.durable }, 'pull request failed, will pull again');
          await this.sleepUnlessFinished(backoffDelay(++failures, this.opts.retry));
        }
      }
    } finally {
      // A reader that stops reading early leaves no request open behind it.
      void this.current?.close();
      this.current = undefined;
    }
  }

  private sleepUnlessFinished(ms: number): Promise<void> {
    const wait = wakeableWait(ms);
    this.wake = wait.wake;
    return wait.done;
  }
}

import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { backoffDelay, type BackoffOptions } from '../events/backoff.js';
import type { MessagingLogger } from '../events/logger.js';
import { publishDeadLetter } from './dead-letter.js';

export interface RejectionPolicyOptions {
  js: JetStreamClient;
  /** Where dead letters go: `dlq.<stream>.<consumer>`. */
  target: { stream: string; consumer: string };
  /** Deliveries before a rejected message is dead-lettered. */
  maxDeliver: number;
  /** Redelivery delay after a rejection, by delivery count. */
  retry: BackoffOptions;
  logger: MessagingLogger;
  /** Told when a dead letter could not be stored (the message is kept and retried). */
  onDeadLetterFailed?: (subject: string) => void;
}

/**
 * What a consumer does with a message that is itself the problem (unreadable, invalid, or
 * refused by its handler), as opposed to a dependency being away: retry with backoff a bounded
 * number of times, then park it on the dead-letter stream with the reason. A dead letter is
 * never dropped: if it cannot be stored, the message stays un-acked and comes back later.
 */
export class RejectionPolicy {
  constructor(private readonly opts: RejectionPolicyOptions) {}

  /** Delivered more often than the bound without being settled (the ack wait expired: a crash, a hung handler). */
  overDelivered(msg: JsMsg): boolean {
    return msg.info.deliveryCount > this.opts.maxDeliver;
  }

  /** The handler refused `msg`: redelivered after a backoff until its last allowed delivery, then dead-lettered. */
  async reject(msg: JsMsg, error: Error, span?: Span): Promise<'retry' | 'dead-lettered'> {
    const deliveries = msg.info.deliveryCount;
    if (deliveries >= this.opts.maxDeliver) {
      return this.deadLetter(msg, `handler failed on delivery ${deliveries} of ${this.opts.maxDeliver}: ${error.message}`, span);
    }
    this.opts.logger.warn({ err: error, subject: msg.subject, seq: msg.seq, deliveries }, 'handler failed, will retry');
    msg.nak(backoffDelay(deliveries, this.opts.retry));
    return 'retry';
  }

  /** Parks `msg` with `reason` and terminates it; if the dead letter cannot be stored, naks it for later. */
  async deadLetter(msg: JsMsg, reason: string, span?: Span): Promise<'retry' | 'dead-lettered'> {
    span?.setAttribute('tp.messaging.dead_letter_reason', reason);
    span?.setStatus({ code: SpanStatusCode.ERROR, message: reason });
    try {
      await publishDeadLetter(this.opts.js, msg, this.opts.target, reason);
    } catch (err) {
      this.opts.onDeadLetterFailed?.(msg.subject);
      this.opts.logger.error({ err, subject: msg.subject, seq: msg.seq, reason }, 'dead-lettering failed, message kept un-acked; will retry');
      msg.nak(backoffDelay(msg.info.deliveryCount, this.opts.retry));
      return 'retry';
    }
    this.opts.logger.warn({ subject: msg.subject, seq: msg.seq, reason }, 'message dead-lettered');
    msg.term();
    return 'dead-lettered';
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsMsg } from '@nats-io/jetstream';
import type { Span } from '@opentelemetry/api';
import type { EventEnvelope } from '#libs/contracts';
import { withMessagingSpan } from '#libs/observability';
import { decodeEvent, untrustedOrigin } from '../events/envelope.js';
import type { MessagingLogger } from '../events/logger.js';
import { messageSpan, recordFailure, roundSpan, type MessageOutcome } from './consumer-telemetry.js';
import { batchLimitOf, type EventHandler } from './event-handler.js';
import { classifyFailure } from './failure-kind.js';
import { InboxEntry } from './inbox.entity.js';
import { recordInbox } from './inbox.js';
import type { RejectionPolicy } from './rejection-policy.js';

export interface EventApplicationOptions {
  /** The durable's name: the inbox records event ids under it. */
  durable: string;
  orm: { em: EntityManager };
  handlers: ReadonlyMap<string, EventHandler<any>>;
  rejections: RejectionPolicy;
  logger: MessagingLogger;
  onSettled?: (subject: string, outcome: MessageOutcome) => void;
}

function originOf(msg: JsMsg) {
  return { stream: msg.info.stream, subject: msg.subject, headers: msg.headers };
}

/**
 * Applies events at most once per consumer: the inbox row and the handler's writes commit
 * together, and the message is acked only after that commit. Unreadable messages are
 * dead-lettered at once; events the handler rejects go to the rejection policy (retried, then
 * dead-lettered); a failure of infrastructure (see `classifyFailure`) is never held against the
 * event: it is left unsettled for the pull loop to hold through the outage.
 */
export class EventApplication {
  constructor(private readonly opts: EventApplicationOptions) {}

  /** Settles a round of one subject; returns the messages left unsettled by an unavailable dependency. */
  async settle(round: JsMsg[]): Promise<JsMsg[]> {
    if (round.length === 1) return (await this.settleOne(round[0]!)) === 'paused' ? round : [];
    return this.settleBatch(round);
  }

  batchLimit(subject: string): number {
    return batchLimitOf(this.opts.handlers.get(subject));
  }

  private async settleOne(msg: JsMsg): Promise<MessageOutcome> {
    let outcome: MessageOutcome;
    try {
      outcome = await withMessagingSpan(
        msg.subject,
        'process',
        async (span) => {
          const settled = await this.apply(msg, span);
          span.setAttribute('tp.messaging.outcome', settled);
          return settled;
        },
        messageSpan(msg, this.opts.durable),
      );
    } catch (err) {
      // apply() settles every message itself; reaching here is a bug, and JetStream will
      // redeliver after ack_wait, so keep consuming.
      this.opts.logger.error({ err, subject: msg.subject, seq: msg.seq }, 'event consumer failed to settle a message');
      outcome = 'retry';
    }
    this.opts.onSettled?.(msg.subject, outcome);
    return outcome;
  }

  private async apply(msg: JsMsg, span: Span): Promise<MessageOutcome> {
    const handler = this.opts.handlers.get(msg.subject);
    if (!handler) {
      // Only possible with the whole-stream filter of pre-2.10 servers: not ours to handle.
      msg.ack();
      return 'ignored';
    }
    const untrusted = untrustedOrigin(handler.contract, originOf(msg));
    if (untrusted) {
      // Not a dead letter: replaying it would strip the very headers that betray it.
      this.opts.logger.warn({ consumer: this.opts.durable, subject: msg.subject, seq: msg.seq, reason: untrusted }, 'event refused: not from its producer');
      span.setAttribute('tp.messaging.untrusted_reason', untrusted);
      msg.term();
      return 'untrusted';
    }
    const decoded = decodeEvent(handler.contract, msg.data);
    if (!decoded.ok) return this.opts.rejections.deadLetter(msg, decoded.reason, span);
    const event = decoded.envelope;
    span.setAttribute('messaging.message.id', event.id);
    if (this.opts.rejections.overDelivered(msg)) {
      // An event applied whose ack was lost is a duplicate, not a dead letter.
      let applied: boolean;
      try {
        applied = (await this.opts.orm.em.fork().count(InboxEntry, { consumer: this.opts.durable, eventId: event.id })) > 0;
      } catch (err) {
        if (classifyFailure(err) === 'infrastructure') return 'paused';
        throw err;
      }
      if (applied) {
        msg.ack();
        return 'duplicate';
      }
      return this.opts.rejections.deadLetter(msg, `delivered ${msg.info.deliveryCount} times without being settled (ack wait expired)`, span);
    }
    try {
      const applied = await this.opts.orm.em.fork().transactional(async (em) => {
        if (!(await recordInbox(em, this.opts.durable, event.id))) return false;
        await handler.handle(em, event);
        return true;
      });
      msg.ack();
      return applied ? 'applied' : 'duplicate';
    } catch (err) {
      const error = err as Error;
      recordFailure(span, error);
      if (classifyFailure(err) === 'infrastructure') {
        this.opts.logger.warn({ err: error, eventId: event.id, subject: msg.subject }, 'event handler hit an unavailable dependency');
        return 'paused';
      }
      return this.opts.rejections.reject(msg, error, span);
    }
  }

  /**
   * Applies `batch` (messages of one batch-handled subject) in one transaction and acks each
   * message after the commit. Messages the batch path does not take (unreadable, delivered too
   * often) and every message of a batch the handler rejected go through the one-by-one path.
   */
  private async settleBatch(batch: JsMsg[]): Promise<JsMsg[]> {
    const subject = batch[0]!.subject;
    const handler = this.opts.handlers.get(subject)!;
    const ready: { msg: JsMsg; event: EventEnvelope<unknown> }[] = [];
    const alone: JsMsg[] = [];
    for (const msg of batch) {
      const decoded = this.opts.rejections.overDelivered(msg) ? undefined : decodeEvent(handler.contract, msg.data, originOf(msg));
      if (decoded?.ok) ready.push({ msg, event: decoded.envelope });
      else alone.push(msg);
    }
    const oneByOne = async (msgs: JsMsg[]): Promise<JsMsg[]> => {
      for (const [i, msg] of msgs.entries()) if ((await this.settleOne(msg)) === 'paused') return msgs.slice(i);
      return [];
    };
    const left = await oneByOne(alone);
    if (left.length) return [...left, ...ready.map((r) => r.msg)];
    if (!ready.length) return [];
    const msgs = ready.map((r) => r.msg);
    const outcome = await withMessagingSpan(
      subject,
      'process',
      async (span): Promise<'settled' | 'paused' | 'rejected'> => {
        try {
          const applied = await this.opts.orm.em.fork().transactional(async (em) => {
            const fresh: EventEnvelope<unknown>[] = [];
            for (const { event } of ready) if (await recordInbox(em, this.opts.durable, event.id)) fresh.push(event);
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
          recordFailure(span, error);
          if (classifyFailure(err) === 'infrastructure') {
            this.opts.logger.warn({ err: error, subject, events: ready.length }, 'event batch hit an unavailable dependency');
            return 'paused';
          }
          this.opts.logger.warn({ err: error, subject, events: ready.length }, 'event batch failed; applying its events one by one');
          return 'rejected';
        }
      },
      roundSpan(msgs, this.opts.durable),
    );
    if (outcome === 'settled') return [];
    if (outcome === 'rejected') return oneByOne(msgs);
    for (const _ of msgs) this.opts.onSettled?.(subject, 'paused');
    return msgs;
  }
}

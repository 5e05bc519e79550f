import { LockMode, type EntityManager } from '@mikro-orm/core';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { contextFromCarrier, injectTraceContext, withMessagingSpan } from '#libs/observability';
import { backoffDelay, type BackoffOptions } from '../events/backoff.js';
import { silentLogger, type MessagingLogger } from '../events/logger.js';
import { OutboxMessage } from './outbox.entity.js';

export interface OutboxRelayOptions {
  /** Anything with a root EntityManager (a `MikroORM`); every batch runs on a fork of it. */
  orm: { em: EntityManager };
  nc: NatsConnection;
  /** Rows locked and published per transaction. Default 100. */
  batchSize?: number;
  /** Idle poll period; `notify()` cuts it short. Default 1000 ms. */
  pollIntervalMs?: number;
  /** How long to wait for a PubAck before counting the publish as failed. Default 5000 ms. */
  publishTimeoutMs?: number;
  /** Delay after a failed batch (NATS or DB down), growing with consecutive failures. */
  retry?: BackoffOptions;
  logger?: MessagingLogger;
}

export interface RelayBatchResult {
  published: number;
  /** The error that stopped the batch, if one did. */
  error?: Error;
}

/**
 * Publishes committed outbox rows to JetStream, oldest first, at least once.
 *
 * Rows are claimed with `FOR UPDATE SKIP LOCKED` and stay locked until published, so replicas
 * share the work without sending a row twice; a row is marked published only after its PubAck.
 * The first failure ends the batch (later rows must not overtake it) and is recorded on the row;
 * the relay then backs off and retries. A duplicate send after a crash is dropped by JetStream
 * (`Nats-Msg-Id` = event id) and by consumers' inboxes.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly publishTimeoutMs: number;
  private readonly retry: BackoffOptions;
  private readonly logger: MessagingLogger;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private notified = false;
  private backingOff = false;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.js = jetstream(opts.nc);
    this.batchSize = opts.batchSize ?? 100;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.publishTimeoutMs = opts.publishTimeoutMs ?? 5000;
    this.retry = opts.retry ?? { baseMs: 250, maxMs: 30_000 };
    this.logger = opts.logger ?? silentLogger;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Tells the relay new rows were committed, so it does not wait for the next poll. */
  notify(): void {
    this.notified = true;
    // During a backoff NATS (or the DB) is known to be failing: commits must not hammer it.
    if (!this.backingOff) this.wake?.();
  }

  /** Stops polling and waits for the batch in flight, so no PubAck is left unrecorded. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch. Exposed for tests and for draining on demand. */
  async relayBatch(): Promise<RelayBatchResult> {
    const em = this.opts.orm.em.fork();
    return em.transactional(async (tx) => {
      const rows = await tx.find(
        OutboxMessage,
        { publishedAt: null },
        {
          orderBy: { occurredAt: 'asc', id: 'asc' },
          limit: this.batchSize,
          lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
        },
      );
      let published = 0;
      for (const row of rows) {
        try {
          await this.publish(row);
        } catch (err) {
          const error = err as Error;
          row.attempts += 1;
          row.lastError = `${error.name}: ${error.message}`.slice(0, 2000);
          this.logger.warn({ err: error, eventId: row.id, subject: row.subject, attempts: row.attempts }, 'outbox publish failed');
          return { published, error };
        }
        row.publishedAt = new Date();
        published += 1;
      }
      return { published };
    });
  }

  private async publish(row: OutboxMessage): Promise<void> {
    await withMessagingSpan(
      row.subject,
      'publish',
      async () => {
        const hdrs = injectTraceContext(headers());
        await this.js.publish(row.subject, JSON.stringify(row.envelope), {
          msgID: row.id,
          headers: hdrs,
          timeout: this.publishTimeoutMs,
        });
      },
      { parent: contextFromCarrier(row.traceCarrier), attributes: { 'messaging.message.id': row.id } },
    );
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.notified = false;
      let result: RelayBatchResult;
      try {
        result = await this.relayBatch();
      } catch (err) {
        // The database itself failed (connection lost, commit refused): same backoff as NATS.
        this.logger.error({ err }, 'outbox relay batch failed');
        result = { published: 0, error: err as Error };
      }
      if (!this.running) break;
      if (result.error) {
        failures += 1;
        this.backingOff = true;
        await this.sleep(backoffDelay(failures, this.retry));
        this.backingOff = false;
        continue;
      }
      failures = 0;
      // A full batch means more are probably waiting; a notify during the batch means new rows.
      if (result.published === this.batchSize || this.notified) continue;
      await this.sleep(this.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

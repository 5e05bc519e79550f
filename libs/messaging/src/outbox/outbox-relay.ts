import { LockMode, type EntityManager, type Loaded } from '@mikro-orm/core';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { contextFromCarrier, injectTraceContext, withMessagingSpan } from '#libs/observability';
import { backoffDelay, type BackoffOptions } from '../events/backoff.js';
import { silentLogger, type MessagingLogger } from '../events/logger.js';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { queryBound } from '#libs/persistence';
import { OutboxMessage } from './outbox.entity.js';
import { outboxTable } from './outbox.js';

/** An outbox row as the relay holds it: everything but the envelope, which it reads as text when sending. */
export type RelayedRow = Loaded<OutboxMessage, never, never, 'envelope'>;

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
  /**
   * Failed attempts after which a row that cannot be published as it is (bigger than the
   * server's max payload, no stream for its subject) is parked. Default 3.
   */
  maxAttempts?: number;
  logger?: MessagingLogger;
  /** Told about each parked row (metrics). */
  onParked?: (row: RelayedRow, reason: string) => void;
  /**
   * Runs before each publish; a throw counts as a failed publish of that row. For
   * instrumentation and for tests that need a publish to fail at a precise moment.
   */
  beforePublish?: (row: RelayedRow, envelope: string) => Promise<void> | void;
}

export interface RelayBatchResult {
  published: number;
  /** Rows set aside in this batch because they can never be published as they are. */
  parked: number;
  /** The error that stopped the batch, if one did. */
  error?: Error;
}

/**
 * Publishes committed outbox rows to JetStream, oldest first, at least once.
 *
 * Rows are claimed with `FOR UPDATE SKIP LOCKED` and stay locked until published, so replicas
 * share the work without sending a row twice; a row is marked published only after its PubAck.
 * A failure of NATS itself (timeout, connection) ends the batch (later rows must not overtake
 * it) and is recorded on the row; the relay then backs off and retries. A failure of the row
 * itself (bigger than the server's max payload, no stream for its subject) does not stop the
 * rows behind it: the row is retried on later batches and parked (`parked_at`, with the reason)
 * after `maxAttempts`. A duplicate send after a crash is dropped by JetStream (`Nats-Msg-Id` =
 * event id) and by consumers' inboxes.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly publishTimeoutMs: number;
  private readonly retry: BackoffOptions;
  private readonly maxAttempts: number;
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
    this.maxAttempts = opts.maxAttempts ?? 3;
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
        { publishedAt: null, parkedAt: null },
        {
          orderBy: { occurredAt: 'asc', id: 'asc' },
          limit: this.batchSize,
          lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
          // Each envelope is read as text just before it is sent (`envelopeText`): a batch of
          // large events loaded as objects held all of them, and a snapshot of each, at once.
          exclude: ['envelope'],
        },
      );
      let published = 0;
      let parked = 0;
      const sent: RelayedRow[] = [];
      // Marks what was sent with one statement and stops tracking those rows: the ORM's flush
      // would otherwise diff every envelope (hundreds of kilobytes for some events) against its
      // snapshot to find that only publishedAt changed.
      const markSent = async () => {
        if (!sent.length) return;
        await queryBound(
          tx as SqlEntityManager,
          `update ${outboxTable(tx)} set "published_at" = $1 where "id" = any($2::uuid[])`,
          [new Date(), sent.map((r) => r.id)],
        );
        for (const row of sent) tx.getUnitOfWork().unsetIdentity(row);
      };
      for (const row of rows) {
        try {
          const envelope = await this.envelopeText(tx, row);
          await this.opts.beforePublish?.(row, envelope);
          await this.publish(row, envelope);
        } catch (err) {
          const error = err as Error;
          row.attempts += 1;
          row.lastError = `${error.name}: ${error.message}`.slice(0, 2000);
          const unpublishable = await this.unpublishable(row, error);
          if (!unpublishable) {
            this.logger.warn({ err: error, eventId: row.id, subject: row.subject, attempts: row.attempts }, 'outbox publish failed');
            await markSent();
            return { published, parked, error };
          }
          if (row.attempts >= this.maxAttempts) {
            row.parkedAt = new Date();
            row.parkedReason = unpublishable;
            parked += 1;
            this.logger.error({ eventId: row.id, subject: row.subject, attempts: row.attempts, reason: unpublishable }, 'outbox row parked');
            this.opts.onParked?.(row, unpublishable);
          } else {
            this.logger.warn({ err: error, eventId: row.id, subject: row.subject, attempts: row.attempts }, 'outbox row cannot be published, will retry');
          }
          continue;
        }
        sent.push(row);
        published += 1;
      }
      await markSent();
      return { published, parked };
    });
  }

  /**
   * Why `row` itself cannot be published, or undefined when the failure is NATS's (timeout,
   * connection) and the row will go through once NATS is back.
   */
  private async unpublishable(row: RelayedRow, error: Error): Promise<string | undefined> {
    if (/max_payload/i.test(error.message)) return `payload too large for the NATS server: ${error.message}`;
    if (!isNoResponders(error)) return undefined;
    // No responders for a JetStream publish: either no stream takes the subject, or JetStream
    // itself is away. Only the stream API can tell the two apart.
    try {
      const jsm = await jetstreamManager(this.opts.nc, { timeout: this.publishTimeoutMs });
      const stream = await jsm.streams.find(row.subject).catch((err: Error) => {
        if (/no stream matches subject/i.test(err.message)) return '';
        throw err;
      });
      return stream ? undefined : `no JetStream stream takes subject ${row.subject}`;
    } catch {
      return undefined;
    }
  }

  /** The envelope as stored, sent as it is: never parsed into objects only to be serialised again. */
  private async envelopeText(tx: EntityManager, row: RelayedRow): Promise<string> {
    const [stored] = await queryBound<{ envelope: string }>(tx as SqlEntityManager, `select "envelope"::text as "envelope" from ${outboxTable(tx)} where "id" = $1`, [row.id]);
    return stored!.envelope;
  }

  private async publish(row: RelayedRow, envelope: string): Promise<void> {
    await withMessagingSpan(
      row.subject,
      'publish',
      async () => {
        const hdrs = injectTraceContext(headers());
        await this.js.publish(row.subject, envelope, {
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
        result = { published: 0, parked: 0, error: err as Error };
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
      if (result.published + result.parked === this.batchSize || this.notified) continue;
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

function isNoResponders(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'NoRespondersError' || e.name === 'JetStreamNotEnabled' || /no responders/i.test(e.message)) return true;
  }
  return false;
}

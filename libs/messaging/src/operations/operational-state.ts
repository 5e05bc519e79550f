import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { queryBound } from '#libs/persistence';
import { DEAD_LETTER_STREAM, deadLetterSubject } from '../events/streams.js';
import { outboxTable } from '../outbox/outbox.js';

/** What the outbox table says right now: the relay's backlog and the rows it gave up on. */
export interface OutboxState {
  /** Rows committed and neither published nor parked. */
  unsent: number;
  /** Age of the oldest of those, in seconds; 0 when there are none. */
  oldestUnsentAgeSeconds: number;
  /** Rows the relay set aside (`npm run outbox` lists and releases them). */
  parked: number;
}

/**
 * Reads the outbox's backlog in one statement. Each part is answered from a partial index
 * (`outbox_pending_idx`, `outbox_parked_idx`), so the cost follows the backlog, not the
 * table's published history.
 */
export async function readOutboxState(em: EntityManager): Promise<OutboxState> {
  const table = outboxTable(em);
  const [row] = await queryBound<{ unsent: string; oldest: string | null; parked: string }>(
    em.fork() as SqlEntityManager,
    `select
       (select count(*) from ${table} where "published_at" is null and "parked_at" is null) as unsent,
       (select extract(epoch from now() - min("occurred_at")) from ${table} where "published_at" is null and "parked_at" is null) as oldest,
       (select count(*) from ${table} where "published_at" is null and "parked_at" is not null) as parked`,
    [],
  );
  return {
    unsent: Number(row?.unsent ?? 0),
    oldestUnsentAgeSeconds: Math.max(0, Number(row?.oldest ?? 0)),
    parked: Number(row?.parked ?? 0),
  };
}

/** A durable consumer as the service runs it (an `EventConsumer` has these fields). */
export interface ConsumerIdentity {
  stream: string;
  durableName: string;
  deadLetterTarget: { stream: string; consumer: string };
}

export interface ConsumerState {
  stream: string;
  durable: string;
  consumer: string;
  /** Messages not yet delivered plus delivered and not yet acked: what the consumer still owes. */
  pending: number;
  /** Messages this consumer parked on `dlq.<STREAM>.<consumer>`. */
  deadLetters: number;
}

/**
 * Reads lag and dead-letter depth of each consumer from JetStream (consumer info, and the
 * dead-letter stream's info filtered on the consumer's subject). Every call is bounded by
 * `timeoutMs`; the permissions a service already holds for its consumers cover these calls.
 */
export class ConsumerStateReader {
  private jsm?: Promise<JetStreamManager>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly consumers: readonly ConsumerIdentity[],
    private readonly timeoutMs = 1_500,
  ) {}

  async read(): Promise<ConsumerState[]> {
    if (this.nc.isClosed()) throw new Error('NATS connection closed');
    const jsm = await this.manager();
    return Promise.all(
      this.consumers.map(async (c) => {
        const [info, dlq] = await Promise.all([
          jsm.consumers.info(c.stream, c.durableName),
          jsm.streams.info(DEAD_LETTER_STREAM, { subjects_filter: deadLetterSubject(c.deadLetterTarget.stream, c.deadLetterTarget.consumer) }),
        ]);
        return {
          stream: c.stream,
          durable: c.durableName,
          consumer: c.deadLetterTarget.consumer,
          pending: info.num_pending + info.num_ack_pending,
          deadLetters: Object.values(dlq.state.subjects ?? {}).reduce((sum, n) => sum + n, 0),
        };
      }),
    );
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= jetstreamManager(this.nc, { timeout: this.timeoutMs }).catch((err: unknown) => {
      this.jsm = undefined;
      throw err;
    });
    return this.jsm;
  }
}

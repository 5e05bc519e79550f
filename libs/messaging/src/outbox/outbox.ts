import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { queryBound } from '#libs/persistence';
import type { EventContract, EventEnvelope, PayloadOf } from '#libs/contracts';
import { captureTraceCarrier } from '#libs/observability';
import { buildEnvelope, type NewEvent } from '../events/envelope.js';
import { OutboxMessage } from './outbox.entity.js';

/**
 * Records `event` in the outbox of the caller's unit of work. Nothing is sent here: the row
 * commits or rolls back with the caller's transaction, and the relay publishes it after commit
 * (call `relay.notify()` once committed to skip the poll delay). Throws `InvalidEventError` if
 * the payload breaks the contract.
 */
export function enqueueEvent<C extends EventContract>(
  em: EntityManager,
  contract: C,
  event: NewEvent<C>,
): EventEnvelope<PayloadOf<C>> {
  const envelope = buildEnvelope(contract, event);
  const row = em.create(OutboxMessage, {
    id: envelope.id,
    subject: contract.subject,
    envelope,
    traceCarrier: captureTraceCarrier(),
    occurredAt: new Date(envelope.occurredAt),
    publishedAt: null,
    attempts: 0,
    lastError: null,
    parkedAt: null,
    parkedReason: null,
  });
  em.persist(row);
  return envelope;
}

/**
 * `enqueueEvent` for events of hundreds of kilobytes (batches of observations): the row is
 * inserted at once, in the caller's transaction, with the envelope sent as a bind parameter.
 * Through the ORM's unit of work such a row costs far more than the statement: its JSON is
 * escaped into the SQL text character by character and a deep copy is kept for change
 * tracking. Same row, same guarantees: it commits or rolls back with the caller's changes.
 * The JSON parameters carry no cast: the outbox's own column type decides how they are stored
 * (a service whose envelopes are large may keep them as `json`, stored as sent).
 */
export async function enqueueLargeEvent<C extends EventContract>(
  em: EntityManager,
  contract: C,
  event: NewEvent<C>,
): Promise<EventEnvelope<PayloadOf<C>>> {
  const envelope = buildEnvelope(contract, event);
  await queryBound(
    em as SqlEntityManager,
    `insert into ${outboxTable(em)} ("id", "subject", "envelope", "trace_carrier", "occurred_at", "attempts")
     values ($1, $2, $3, $4, $5, 0)`,
    [envelope.id, contract.subject, JSON.stringify(envelope), JSON.stringify(captureTraceCarrier()), envelope.occurredAt],
  );
  return envelope;
}

/** The outbox table, schema-qualified as the ORM maps it, for statements written by hand. */
export function outboxTable(em: EntityManager): string {
  const meta = em.getMetadata().find(OutboxMessage)!;
  const schema = meta.schema ?? em.config.get('schema');
  return `${schema ? `"${schema}".` : ''}"${meta.tableName}"`;
}

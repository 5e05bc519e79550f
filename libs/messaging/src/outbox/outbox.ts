import type { EntityManager } from '@mikro-orm/core';
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

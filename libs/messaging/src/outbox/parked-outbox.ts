import { LockMode, type EntityManager } from '@mikro-orm/core';
import { OutboxMessage } from './outbox.entity.js';

export interface ParkedRow {
  id: string;
  subject: string;
  occurredAt: Date;
  attempts: number;
  parkedAt: Date;
  parkedReason: string | null;
}

export interface ParkedQuery {
  /** Only these event ids (default: every parked row, oldest first). */
  ids?: readonly string[];
  limit?: number;
}

const toParked = (r: OutboxMessage): ParkedRow => ({
  id: r.id,
  subject: r.subject,
  occurredAt: r.occurredAt,
  attempts: r.attempts,
  parkedAt: r.parkedAt!,
  parkedReason: r.parkedReason ?? null,
});

const parkedWhere = (q: ParkedQuery) => ({ parkedAt: { $ne: null }, publishedAt: null, ...(q.ids?.length ? { id: { $in: [...q.ids] } } : {}) });

/** The rows the relay gave up on, oldest first, for an operator to inspect. */
export async function listParked(em: EntityManager, q: ParkedQuery = {}): Promise<ParkedRow[]> {
  const rows = await em.fork().find(OutboxMessage, parkedWhere(q), { orderBy: { parkedAt: 'asc', id: 'asc' }, limit: q.limit });
  return rows.map(toParked);
}

/**
 * Hands parked rows back to the relay once the cause is fixed (a stream created, a larger
 * max_payload): they become pending again with a fresh attempt budget and keep their event
 * id, so consumers that somehow saw them already skip them through their inbox.
 */
export async function releaseParked(em: EntityManager, q: ParkedQuery = {}): Promise<ParkedRow[]> {
  return em.fork().transactional(async (tx) => {
    const rows = await tx.find(OutboxMessage, parkedWhere(q), {
      orderBy: { parkedAt: 'asc', id: 'asc' },
      limit: q.limit,
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    const released = rows.map(toParked);
    for (const r of rows) Object.assign(r, { parkedAt: null, parkedReason: null, attempts: 0, lastError: null });
    return released;
  });
}

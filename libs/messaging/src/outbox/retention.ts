import type { EntityManager } from '@mikro-orm/core';
import { OutboxMessage } from './outbox.entity.js';
import { InboxEntry } from '../inbox/inbox.entity.js';

export interface RetentionPolicy {
  /** Published outbox rows are kept this long (for inspection), then deleted. Unpublished rows never are. */
  outboxMs: number;
  /**
   * Inbox rows are kept this long. It must exceed how long the stream keeps events: an event
   * can only be redelivered while it is on the stream, so older ids can never come back.
   */
  inboxMs: number;
}

/** Deletes what the messaging tables no longer need; returns how many rows went. */
export async function pruneMessagingTables(em: EntityManager, policy: RetentionPolicy, now = new Date()) {
  const fork = em.fork();
  const outbox = await fork.nativeDelete(OutboxMessage, { publishedAt: { $lt: new Date(now.getTime() - policy.outboxMs) } });
  const inbox = await fork.nativeDelete(InboxEntry, { processedAt: { $lt: new Date(now.getTime() - policy.inboxMs) } });
  return { outbox, inbox };
}

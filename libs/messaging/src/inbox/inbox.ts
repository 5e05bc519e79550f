import type { EntityManager } from '@mikro-orm/postgresql';
import { InboxEntry } from './inbox.entity.js';

/**
 * Claims `eventId` for `consumer` inside the caller's transaction. False means it was already
 * applied (a redelivery). A concurrent duplicate blocks on the key until the first transaction
 * ends, then sees the conflict, so the handler never runs twice.
 */
export async function recordInbox(em: EntityManager, consumer: string, eventId: string): Promise<boolean> {
  const result = await em
    .createQueryBuilder(InboxEntry)
    .insert({ consumer, eventId, processedAt: new Date() })
    .onConflict(['consumer', 'eventId'])
    .ignore()
    .execute('run');
  return (result as { affectedRows?: number }).affectedRows === 1;
}

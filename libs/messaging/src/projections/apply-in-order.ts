import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '#libs/contracts';
import { ProjectionVersion } from './projection-version.entity.js';

/**
 * Runs `apply` only when `event.aggregateVersion` is newer than what `projection` last applied
 * for `event.aggregateId`, and records the new version. Call it inside the handler's
 * transaction (`em` is that transaction): the upsert locks the aggregate's row until commit, so
 * two events of one aggregate never apply concurrently, and a rolled-back `apply` leaves the
 * recorded version unchanged. A duplicate or an older event (redelivered, or overtaken by a newer
 * one) returns false without running `apply`. Only for events whose producer bumps
 * `aggregateVersion` with every change (an event that always carries 0 would apply once).
 */
export async function applyInOrder(
  em: EntityManager,
  projection: string,
  event: Pick<EventEnvelope, 'aggregateId' | 'aggregateVersion'>,
  apply: () => Promise<void>,
): Promise<boolean> {
  const result = await em
    .createQueryBuilder(ProjectionVersion)
    .insert({ projection, aggregateId: event.aggregateId, version: event.aggregateVersion, updatedAt: new Date() })
    .onConflict(['projection', 'aggregateId'])
    .merge(['version', 'updatedAt'])
    .where({ version: { $lt: event.aggregateVersion } })
    .execute('run');
  if ((result as { affectedRows?: number }).affectedRows !== 1) return false;
  await apply();
  return true;
}

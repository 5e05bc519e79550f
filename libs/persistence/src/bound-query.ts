import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery, type Kysely } from 'kysely';

/**
 * Runs `sql` with `$1`, `$2`… sent to PostgreSQL as bind parameters, in `em`'s transaction
 * when it has one. `em.execute` inlines parameters into the SQL text, escaping them character
 * by character in JavaScript: for statements carrying a whole batch as one JSON document
 * (hundreds of kilobytes) that escaping, and the garbage it leaves, costs more than the
 * statement. Errors are converted as MikroORM converts its own, so failure classification
 * (a lost connection is infrastructure) does not depend on which path ran the statement.
 */
export async function queryBound<T extends object = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  const executor = (em.getTransactionContext() ?? em.getConnection('write').getClient()) as Kysely<unknown>;
  try {
    const result = await executor.executeQuery<T>(CompiledQuery.raw(sql, [...params]));
    return [...result.rows];
  } catch (err) {
    throw em.getDriver().convertException(err as Error);
  }
}

import { createHash } from 'node:crypto';
import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';
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

/** Each `?` text as a named statement: its `$n` text and a name the same in every pooled connection. */
const statements = new Map<string, { text: string; name: string }>();

function statementOf(sql: string): { text: string; name: string } {
  let statement = statements.get(sql);
  if (!statement) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    statement = { text, name: `q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}` };
    statements.set(sql, statement);
  }
  return statement;
}

/**
 * Runs `sql` (with `?` placeholders and no `?` operator) as a named prepared statement on a pooled
 * connection: each connection parses it once and PostgreSQL reuses its plan after a few runs,
 * where `em.execute` sends the text with the values inlined, to be parsed and planned every time.
 * On the primary, as em.execute reads (a read right after a write sees it); in `em`'s transaction,
 * when it has one, as a bound statement.
 */
export async function queryPrepared<T extends object>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  const { text, name } = statementOf(sql);
  if (em.getTransactionContext()) return queryBound<T>(em, text, params);
  try {
    const pool = await (em.getConnection('write') as PostgreSqlConnection).getNativeClient();
    const { rows } = await pool.query<T>({ name, text, values: [...params] });
    return rows;
  } catch (err) {
    throw em.getDriver().convertException(err as Error);
  }
}

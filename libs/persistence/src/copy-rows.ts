import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery, type Kysely } from 'kysely';
import { copyBinary, isBinaryCopyType, type BinaryCopyType } from './copy-binary.js';

/**
 * `COPY … FROM STDIN` on the connection of `em`'s transaction, for batches of thousands of rows:
 * PostgreSQL reads tab-separated text far faster than it expands a JSON document of the same
 * rows, and nothing is parsed twice. The rows commit or roll back with the transaction.
 *
 * The ORM keeps its `pg` client private, but `pg` takes a "submittable" object in place of SQL
 * text and hands it the wire connection; the query executor passes whatever it is given to
 * `client.query`, so the COPY runs on the transaction's own client, in its turn.
 */

/** One value in PostgreSQL's COPY text format; objects are written as JSON (for json/jsonb columns). */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot copy ${value}`);
    text = String(value);
  } else if (typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else text = JSON.stringify(value);
  // Backslash first: the escapes below introduce new ones.
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

/** Rows as COPY text: values in `columns` order, tab-separated, one line each. */
export function copyText<T>(rows: readonly T[], columns: readonly ((row: T) => unknown)[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) out += (i ? '\t' : '') + copyValue(columns[i]!(row));
    out += '\n';
  }
  return out;
}

/** The parts of `pg`'s wire connection a COPY FROM needs. */
interface WireConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

const CHUNK_BYTES = 256 * 1024;

/** A COPY FROM STDIN in `pg`'s submittable protocol: `pg` calls these as the server answers. */
class CopyIn {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (err: Error) => void;
  private error: Error | undefined;
  private rows = 0;

  constructor(
    private readonly sql: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: WireConnection): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: WireConnection): void {
    for (let at = 0; at < this.data.length; at += CHUNK_BYTES) connection.sendCopyFromChunk(this.data.subarray(at, at + CHUNK_BYTES));
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    // Statements sent before the COPY in the same message complete first.
    const copied = /^COPY (\d+)$/.exec(msg.text ?? '');
    if (copied) this.rows = Number(copied[1]);
  }

  handleError(err: Error): void {
    // A server error is followed by ReadyForQuery; a lost connection is not, so settle at once.
    this.error = err;
    this.reject(err);
  }

  handleReadyForQuery(): void {
    if (this.error) this.reject(this.error);
    else this.resolve(this.rows);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}
}

/**
 * Copies `data` (text from `copyText`, or a binary stream from `copyBinary`) into `table (columns)` inside `em`'s transaction and resolves
 * with the number of rows once the server has them. `before` is parameterless SQL run first in
 * the same round trip (the simple query protocol takes several statements, COPY among them). Errors are converted as the ORM converts
 * its own, so failure classification does not depend on which path ran the statement.
 */
export async function copyRows(em: EntityManager, table: string, columns: readonly string[], data: string | Buffer, opts: { before?: string } = {}): Promise<number> {
  const executor = em.getTransactionContext<Kysely<unknown>>();
  if (!executor) throw new Error('copyRows runs inside a transaction');
  // A Buffer is a binary COPY stream (copyBinary); a string is the text format (copyText).
  const format = typeof data === 'string' ? '' : ' with (format binary)';
  const sql = `${opts.before ? `${opts.before}; ` : ''}copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from stdin${format}`;
  const copy = new CopyIn(sql, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  try {
    await executor.executeQuery(CompiledQuery.raw(copy as unknown as string, []));
    return await copy.done;
  } catch (err) {
    throw em.getDriver().convertException(err as Error);
  }
}

/** A column of a staging table: its name, its SQL type and how to read it from a row. */
export type StagingColumn<T> = readonly [name: string, type: string, value: (row: T) => unknown];

/** The staging columns' names as an SQL list (`"a", "b"`), for the merge's INSERT and SELECT. */
export const stagingColumnList = (columns: readonly StagingColumn<never>[]): string => columns.map(([c]) => `"${c}"`).join(', ');

/**
 * Copies `rows` into the temporary table `name` of this connection (created on first use, emptied
 * at every commit, so each transaction starts from an empty table), for one set-based statement
 * to merge them into the real tables. Temporary tables are per connection: replicas and
 * concurrent transactions never see each other's rows. Returns the table's name to select from.
 */
export async function copyIntoStaging<T>(em: EntityManager, name: string, columns: readonly StagingColumn<T>[], rows: readonly T[]): Promise<string> {
  const table = `pg_temp."${name}"`;
  const columnsSql = columns.map(([c, type]) => `"${c}" ${type}`).join(', ');
  // Binary when every column has a binary encoder: the server parses far less.
  const binary = columns.every(([, type]) => isBinaryCopyType(type));
  const data = binary
    ? copyBinary(rows, columns.map(([, type, value]) => [type as BinaryCopyType, value] as const))
    : copyText(rows, columns.map(([, , value]) => value));
  await copyRows(em, table, columns.map(([c]) => c), data, {
    // Creating, emptying (a second use in the same transaction must not merge the first one's
    // rows again) and filling the table cost one round trip.
    before: `create temp table if not exists "${name}" (${columnsSql}) on commit delete rows; delete from ${table}`,
  });
  return table;
}

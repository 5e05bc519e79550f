import type { EntityManager } from '@mikro-orm/postgresql';
import { queryPrepared } from './bound-query.js';

/** One select with its `?` parameters. */
export interface Select {
  sql: string;
  params: readonly unknown[];
}

/**
 * A read made of selects whose rows `result` turns into its value. `result` gets each select's
 * rows either as the driver gives them or as JSON (timestamps as ISO strings), so it must read
 * timestamps through `new Date(…)` and select no type whose JSON differs from its driver value
 * other than timestamps (cast bigints and numerics to int or float8).
 */
export interface Read<T> {
  selects: readonly Select[];
  result(rows: readonly unknown[][]): T;
}

type Values<R extends readonly Read<unknown>[]> = { [K in keyof R]: R[K] extends Read<infer T> ? T : never };

/**
 * Runs every select of `reads` as one prepared statement, each one's rows aggregated into a JSON
 * array: one round trip, one pooled connection and one parse where running them at once cost one
 * of each per select, and no planning once PostgreSQL keeps the statement's plan (planning these
 * few index reads cost it several times their execution). For small results only: a large one is
 * cheaper as rows than as JSON.
 */
export async function readTogether<R extends readonly Read<unknown>[]>(em: EntityManager, ...reads: R): Promise<Values<R>> {
  const selects = reads.flatMap((r) => r.selects);
  if (!selects.length) return reads.map((r) => r.result([])) as Values<R>;
  const columns = selects.map((s, i) => `(select coalesce(json_agg(q), '[]'::json) from (${s.sql}) q) as "r${i}"`);
  const [row] = await queryPrepared<Record<string, unknown[]>>(em, `select ${columns.join(', ')}`, selects.flatMap((s) => s.params));
  return valuesOf(reads, selects.map((_, i) => row![`r${i}`]!));
}

/** Reads as one, whose value is theirs put together by `combine`. */
export function combineReads<const R extends readonly Read<unknown>[], T>(reads: R, combine: (values: Values<R>) => T): Read<T> {
  return { selects: reads.flatMap((r) => r.selects), result: (rows) => combine(valuesOf(reads, rows)) };
}

/** Each read's value from its own slice of the rows of all their selects, in order. */
function valuesOf<R extends readonly Read<unknown>[]>(reads: R, rows: readonly unknown[][]): Values<R> {
  let at = 0;
  return reads.map((r) => {
    const mine = rows.slice(at, at + r.selects.length);
    at += r.selects.length;
    return r.result(mine);
  }) as Values<R>;
}

/** Runs a read's selects as separate prepared statements at once, each answered as the driver's rows (for large results). */
export async function readApart<T>(em: EntityManager, read: Read<T>): Promise<T> {
  return read.result(await Promise.all(read.selects.map((s) => queryPrepared<object>(em, s.sql, s.params))));
}

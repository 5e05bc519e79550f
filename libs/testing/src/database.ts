import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** Connection URL of the new database (same server and credentials as the admin URL). */
  readonly url: string;
  readonly name: string;
  /**
   * A login role of its own for this database, owning nothing (a service's runtime role when
   * migrations run as the owner); returns its connection URL. Dropped with the database.
   */
  createRuntimeRole(): Promise<string>;
  /** Terminates every connection to the database and drops it. Safe to call twice. */
  drop(): Promise<void>;
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function adminUrl(): string {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_URL;
}

/** Runs `fn` on a short-lived connection to `url`, closed whatever happens. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database per test file, so files run in parallel against one server
 * without seeing each other's rows, and nothing leaks between runs.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `tp_test_${randomBytes(6).toString('hex')}`;
  try {
    await withPgClient(admin, (c) => c.query(`CREATE DATABASE "${name}"`));
  } catch (err) {
    const where = new URL(admin);
    where.password = where.password ? '***' : '';
    throw new Error(
      `cannot create test database on ${where.toString()} (set TEST_DATABASE_URL to a PostgreSQL server ` +
        `where this user may CREATE DATABASE): ${(err as Error).message}`,
      { cause: err },
    );
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let dropped = false;
  let role: string | undefined;
  return {
    url: url.toString(),
    name,
    async createRuntimeRole() {
      role = `${name}_app`;
      const password = randomBytes(12).toString('hex');
      await withPgClient(admin, (c) => c.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`));
      const runtime = new URL(url);
      runtime.username = role;
      runtime.password = password;
      return runtime.toString();
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      // FORCE (PostgreSQL 13+) terminates pooled connections a test forgot to close.
      await withPgClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      if (role) await withPgClient(admin, (c) => c.query(`DROP ROLE IF EXISTS "${role}"`));
    },
  };
}

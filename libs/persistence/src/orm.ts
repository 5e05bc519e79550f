import pg from 'pg';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Migration } from '@mikro-orm/migrations';
import type { EntitySchema } from '@mikro-orm/core';

export type MigrationClass = new (...args: never[]) => Migration;

export interface ServiceOrmOptions {
  /** The Postgres schema this service owns; nothing else writes to it. */
  schema: string;
  clientUrl: string;
  entities: EntitySchema<any, any>[] | (new (...args: never[]) => object)[] | any[];
  /** Checked-in migrations, oldest first, named by their file. */
  migrations: { name: string; class: MigrationClass }[];
  poolMax?: number;
  debug?: boolean;
  onMigrated?: (applied: string[]) => void;
  /**
   * The schema owner's connection, for migrations only. When set, the service runs as the
   * (non-owner) role of `clientUrl`: after migrating, the owner grants it read and write on
   * the schema's tables, and `runtimePrivileges` may take some back. A role that does not own
   * a table cannot drop or disable its triggers, so database-enforced rules (the audit log's
   * append-only trigger) hold even against the service's own credentials.
   */
  migrationUrl?: string;
  /** Extra statements run by the owner after the grants, given the quoted role and schema (e.g. revoking UPDATE on an append-only table). */
  runtimePrivileges?: (role: string, schema: string) => string[];
}

export function ormOptions(opts: ServiceOrmOptions): Options {
  return {
    clientUrl: opts.clientUrl,
    schema: opts.schema,
    entities: opts.entities,
    extensions: [Migrator],
    debug: opts.debug ?? false,
    allowGlobalContext: false,
    pool: { min: 0, max: opts.poolMax ?? 10 },
    migrations: {
      migrationsList: opts.migrations as never,
      schema: opts.schema,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
  };
}

/**
 * Brings the service's schema up to date. Replicas may start together, so the run is
 * serialized with a Postgres advisory lock keyed by schema.
 */
export async function migrate(orm: MikroORM, clientUrl: string, schema: string): Promise<string[]> {
  const lock = new pg.Client({ connectionString: clientUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [`talent-portal:migrate:${schema}`]);
    await lock.query(`create schema if not exists "${schema.replace(/"/g, '')}"`);
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } finally {
    await lock.query('select pg_advisory_unlock(hashtext($1))', [`talent-portal:migrate:${schema}`]).catch(() => undefined);
    await lock.end();
  }
}

/** Opens the service's ORM and applies pending migrations before anything else uses it. */
export async function openServiceOrm(opts: ServiceOrmOptions): Promise<MikroORM> {
  if (!opts.migrationUrl || opts.migrationUrl === opts.clientUrl) {
    const orm = await MikroORM.init(ormOptions(opts));
    opts.onMigrated?.(await migrate(orm, opts.clientUrl, opts.schema));
    return orm;
  }
  const owner = await MikroORM.init({ ...ormOptions({ ...opts, clientUrl: opts.migrationUrl }), pool: { min: 0, max: 1 } });
  try {
    opts.onMigrated?.(await migrate(owner, opts.migrationUrl, opts.schema));
    await grantRuntimeRole(opts.migrationUrl, opts.schema, runtimeRoleOf(opts.clientUrl), opts.runtimePrivileges);
  } finally {
    await owner.close(true);
  }
  return MikroORM.init(ormOptions(opts));
}

function runtimeRoleOf(clientUrl: string): string {
  return decodeURIComponent(new URL(clientUrl).username || process.env.PGUSER || 'postgres');
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What the runtime role may do: use the schema and read and write rows, nothing that needs ownership. */
async function grantRuntimeRole(ownerUrl: string, schema: string, role: string, extra?: ServiceOrmOptions['runtimePrivileges']): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const [s, r] = [quoteIdent(schema), quoteIdent(role)];
    await client.query('begin');
    await client.query(`grant usage on schema ${s} to ${r}`);
    await client.query(`grant select, insert, update, delete on all tables in schema ${s} to ${r}`);
    await client.query(`grant usage, select, update on all sequences in schema ${s} to ${r}`);
    for (const sql of extra?.(r, s) ?? []) await client.query(sql);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

export async function databaseIsUp(orm: MikroORM): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}

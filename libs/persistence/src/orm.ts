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
  const orm = await MikroORM.init(ormOptions(opts));
  const applied = await migrate(orm, opts.clientUrl, opts.schema);
  opts.onMigrated?.(applied);
  return orm;
}

export async function databaseIsUp(orm: MikroORM): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}

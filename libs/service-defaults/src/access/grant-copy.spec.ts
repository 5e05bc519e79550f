import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { MessagingTablesMigration, MessagingTablesV2Migration } from '#libs/messaging';
import { createTestDatabase, type TestDatabase } from '#libs/testing';
import { GRANT_COPY_PROJECTION, GrantCopyMigration } from './grant-copy.js';

class Messaging extends MessagingTablesMigration {}
class ProjectionVersions extends MessagingTablesV2Migration {}

/** A grant table with its own id column name and change time (as negotiation kept one). */
class MoveTimed extends GrantCopyMigration {
  override up(): void {
    super.up();
    this.moveRows({ table: 'grants', projection: 'grants', columns: { grantId: '"id"', updatedAt: '"updated_at"' } });
  }
}

/** One without a change time (as campaigns and metrics kept theirs). */
class MoveUntimed extends GrantCopyMigration {
  override up(): void {
    super.up();
    this.moveRows({ table: 'creator_grants', projection: 'metrics-grants', columns: { grantId: '"grant_id"', updatedAt: 'now()' } });
  }
}

describe('GrantCopyMigration: a service moving its own grant table into the shared copy', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  async function run(schema: string, migration: { up(): void | Promise<void>; getQueries(): unknown[] }) {
    await migration.up();
    await client.query('begin');
    try {
      await client.query(`set local search_path to "${schema}"`);
      for (const sql of migration.getQueries()) await client.query(sql as string);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback');
      throw err;
    }
  }

  async function schemaWithVersions(schema: string) {
    await client.query(`create schema "${schema}"`);
    await run(schema, new Messaging(null as never, null as never));
    await run(schema, new ProjectionVersions(null as never, null as never));
  }

  it('keeps every grant with its facts and change time, carries its applied versions over, and drops the old table', async () => {
    await schemaWithVersions('timed');
    await client.query(`set search_path to timed`);
    await client.query(`create table "grants" ("id" uuid primary key, "agency_id" uuid not null, "creator_id" uuid not null, "status" text not null,
      "scopes" jsonb not null, "expires_at" timestamptz null, "updated_at" timestamptz not null)`);
    const [active, revoked] = [randomUUID(), randomUUID()];
    const [agency, creator] = [randomUUID(), randomUUID()];
    await client.query(`insert into "grants" values ($1, $2, $3, 'active', '["campaigns:read"]', '2027-01-01T00:00:00Z', '2026-11-20T10:00:00Z'),
      ($4, $2, $3, 'revoked', '["metrics:read"]', null, '2026-11-21T10:00:00Z')`, [active, agency, creator, revoked]);
    await client.query(`insert into "projection_versions" values ('grants', $1, 3, now()), ('grants', $2, 5, now()), ('rate-cards', $3, 2, now())`, [active, revoked, creator]);
    await client.query('reset search_path');

    await run('timed', new MoveTimed(null as never, null as never));

    const { rows } = await client.query(`select "grant_id", "agency_id", "creator_id", "status", "scopes", "expires_at", "updated_at" from timed.grant_copies order by "updated_at"`);
    expect(rows).toEqual([
      { grant_id: active, agency_id: agency, creator_id: creator, status: 'active', scopes: ['campaigns:read'], expires_at: new Date('2027-01-01T00:00:00Z'), updated_at: new Date('2026-11-20T10:00:00Z') },
      { grant_id: revoked, agency_id: agency, creator_id: creator, status: 'revoked', scopes: ['metrics:read'], expires_at: null, updated_at: new Date('2026-11-21T10:00:00Z') },
    ]);
    const versions = await client.query(`select "projection", "aggregate_id", "version" from timed.projection_versions order by "projection", "version"`);
    // A grant event already applied stays applied (a redelivery of version 3 changes nothing); other projections are untouched.
    expect(versions.rows).toEqual([
      { projection: GRANT_COPY_PROJECTION, aggregate_id: active, version: 3 },
      { projection: GRANT_COPY_PROJECTION, aggregate_id: revoked, version: 5 },
      { projection: 'rate-cards', aggregate_id: creator, version: 2 },
    ]);
    expect((await client.query(`select 1 from information_schema.tables where table_schema = 'timed' and table_name = 'grants'`)).rowCount).toBe(0);
  });

  it('stamps the move as the change time where the old table kept none', async () => {
    await schemaWithVersions('untimed');
    await client.query(`create table untimed."creator_grants" ("grant_id" uuid primary key, "agency_id" uuid not null, "creator_id" uuid not null,
      "status" text not null, "scopes" jsonb not null, "expires_at" timestamptz null)`);
    const grantId = randomUUID();
    await client.query(`insert into untimed."creator_grants" values ($1, $2, $3, 'active', '["metrics:read"]', null)`, [grantId, randomUUID(), randomUUID()]);
    await client.query(`insert into untimed."projection_versions" values ('metrics-grants', $1, 2, now())`, [grantId]);

    await run('untimed', new MoveUntimed(null as never, null as never));

    const { rows } = await client.query(`select "grant_id", "status", "updated_at" is not null as "stamped" from untimed.grant_copies`);
    expect(rows).toEqual([{ grant_id: grantId, status: 'active', stamped: true }]);
    expect((await client.query(`select "projection" from untimed.projection_versions`)).rows).toEqual([{ projection: GRANT_COPY_PROJECTION }]);
  });
});

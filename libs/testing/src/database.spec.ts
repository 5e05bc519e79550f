import pg from 'pg';
import { createTestDatabase } from './database.js';

describe('createTestDatabase', () => {
  it('creates an empty database of its own, and drop() removes it even with a connection open', async () => {
    const db = await createTestDatabase();
    expect(db.name).toMatch(/^tp_test_[0-9a-f]{12}$/);
    expect(new URL(db.url).pathname).toBe(`/${db.name}`);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    expect(rows[0]!.db).toBe(db.name);
    client.on('error', () => {}); // the forced drop kills this session

    await db.drop();
    await db.drop(); // idempotent

    const admin = new pg.Client({ connectionString: db.url.replace(`/${db.name}`, '/postgres') });
    await admin.connect();
    const left = await admin.query('select 1 from pg_database where datname = $1', [db.name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
    await client.end().catch(() => {});
  });
});

import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '#libs/testing';
import { queryBound } from './bound-query.js';
import { copyIntoStaging, copyRows, copyText, copyValue, type StagingColumn } from './copy-rows.js';

describe('copyValue', () => {
  it('writes null as \\N and escapes what the text format treats as structure', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
    expect(copyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(copyValue(12.5)).toBe('12.5');
    expect(copyValue(new Date('2026-12-01T00:00:00Z'))).toBe('2026-12-01T00:00:00.000Z');
    expect(copyValue({ 'a\tb': 1 })).toBe('{"a\\\\tb":1}'); // JSON's own escape, then COPY's
  });

  it('refuses numbers PostgreSQL would not read back as written', () => {
    expect(() => copyValue(Number.NaN)).toThrow('cannot copy NaN');
  });
});

/** Against PostgreSQL, through MikroORM's transaction as the services use it. */
describe('copyRows', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  const rows = [
    { id: 1, body: 'tab\there, newline\nthere, backslash \\ and \\N', doc: { k: ['x\ty'] } },
    { id: 2, body: null, doc: null },
    { id: 3, body: 'ünïcødé ✓', doc: { n: 1 } },
  ];
  const text = copyText(rows, [(r) => r.id, (r) => r.body, (r) => r.doc]);

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init({ clientUrl: db.url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
    await orm.em.getConnection().execute('create table public.copied (id int primary key, body text, doc jsonb)');
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const stored = () => orm.em.fork().getConnection().execute('select id, body, doc from public.copied order by id');

  it('rows copied in a transaction come back exactly, and commit with it', async () => {
    const copied = await orm.em.fork().transactional(async (em) => {
      const n = await copyRows(em, 'public.copied', ['id', 'body', 'doc'], text);
      // Later statements of the same transaction see the rows: same connection, in order.
      expect(await queryBound(em, 'select count(*)::int as n from public.copied')).toEqual([{ n: 3 }]);
      return n;
    });
    expect(copied).toBe(3);
    expect(await stored()).toEqual(rows);
  });

  it('rolls back with the transaction', async () => {
    await expect(
      orm.em.fork().transactional(async (em) => {
        await copyRows(em, 'public.copied', ['id', 'body', 'doc'], copyText([{ id: 10 }], [(r) => r.id, () => 'x', () => null]));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await stored()).map((r) => (r as { id: number }).id)).toEqual([1, 2, 3]);
  });

  it('a row PostgreSQL refuses fails the statement as a converted error, and nothing is written', async () => {
    const failure = orm.em.fork().transactional((em) => copyRows(em, 'public.copied', ['id', 'body', 'doc'], copyText([{ id: 1 }], [(r) => r.id, () => 'dup', () => null])));
    await expect(failure).rejects.toMatchObject({ name: 'UniqueConstraintViolationException' });
    expect(await stored()).toEqual(rows);
    // The pool's connection is usable afterwards.
    expect(await orm.em.fork().transactional((em) => copyRows(em, 'public.copied', ['id'], '4\n'))).toBe(1);
  });

  it('needs a transaction: outside one there is no connection to hold the rows', async () => {
    await expect(copyRows(orm.em.fork(), 'public.copied', ['id'], '5\n')).rejects.toThrow('inside a transaction');
  });
});

describe('copyIntoStaging', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init({ clientUrl: db.url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false, pool: { min: 1, max: 1 } });
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const columns: StagingColumn<{ id: number; name: string | null }>[] = [
    ['id', 'integer', (r) => r.id],
    ['name', 'text', (r) => r.name],
  ];

  it('holds only the rows of its latest use in this transaction, and is empty in the next one', async () => {
    const seen = await orm.em.fork().transactional(async (em) => {
      await copyIntoStaging(em, 'people_staging', columns, [{ id: 1, name: 'a' }, { id: 2, name: null }]);
      const table = await copyIntoStaging(em, 'people_staging', columns, [{ id: 3, name: 'c\td' }]);
      return queryBound(em, `select id, name from ${table} order by id`);
    });
    expect(seen).toEqual([{ id: 3, name: 'c\td' }]);
    // One connection in this pool, so the next transaction meets the same temporary table.
    const after = await orm.em.fork().transactional((em) => queryBound(em, 'select count(*)::int as n from pg_temp."people_staging"'));
    expect(after).toEqual([{ n: 0 }]);
  });
});

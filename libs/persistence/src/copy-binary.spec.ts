import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '#libs/testing';
import { queryBound } from './bound-query.js';
import { copyBinary, timestampMicros, type BinaryCopyType } from './copy-binary.js';
import { copyIntoStaging, copyRows, copyText, type StagingColumn } from './copy-rows.js';

describe('timestampMicros', () => {
  it('keeps the microseconds Date.parse drops, rounding beyond them as PostgreSQL does', () => {
    const base = (Date.parse('2026-12-01T10:00:00.123Z') - Date.UTC(2000, 0, 1)) * 1000;
    expect(timestampMicros('2026-12-01T10:00:00.123Z')).toBe(base);
    expect(timestampMicros('2026-12-01T10:00:00.123456Z')).toBe(base + 456);
    expect(timestampMicros('2026-12-01T10:00:00.1234565Z')).toBe(base + 457);
    expect(timestampMicros('2026-12-01T10:00:00.1234Z')).toBe(base + 400);
    expect(timestampMicros('2026-12-01T12:00:00.123+02:00')).toBe(base);
    expect(timestampMicros(new Date('2026-12-01T10:00:00.123Z'))).toBe(base);
  });

  it('refuses what is not a time', () => {
    expect(() => timestampMicros('yesterday')).toThrow('cannot copy "yesterday" as timestamptz');
  });
});

describe('copyBinary refuses values the column cannot hold, instead of writing other bytes', () => {
  const one = (type: BinaryCopyType, value: unknown) => () => copyBinary([value], [[type, (v) => v]]);
  it.each([
    ['uuid', 'not-a-uuid'],
    ['uuid', '0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0g'],
    ['bigint', 1.5],
    ['bigint', 2 ** 60],
    ['integer', 2 ** 31],
    ['double precision', Number.NaN],
    ['date', '2026-02-30'],
    ['date', '2023-02-29'],
    ['date', '2026-1-01'],
    ['date', 'x026-01-01'],
  ] as const)('%s %p', (type, value) => {
    expect(one(type, value)).toThrow(/cannot copy/);
  });
});

/** The same rows copied as binary and as text read back identically. */
describe('copyBinary against PostgreSQL', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  type Row = { id: string; label: string | null; at: string | Date | null; day: string | null; big: number | null; small: number | null; ratio: number | null; doc: unknown };
  const columns: [string, string, BinaryCopyType, (r: Row) => unknown][] = [
    ['id', 'uuid', 'uuid', (r) => r.id],
    ['label', 'text', 'text', (r) => r.label],
    ['at', 'timestamptz', 'timestamptz', (r) => r.at],
    ['day', 'date', 'date', (r) => r.day],
    ['big', 'bigint', 'bigint', (r) => r.big],
    ['small', 'integer', 'integer', (r) => r.small],
    ['ratio', 'double precision', 'double precision', (r) => r.ratio],
    ['doc', 'jsonb', 'jsonb', (r) => r.doc],
  ];
  const rows: Row[] = [
    { id: '0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e', label: 'tab\there\nand \\N ünïcødé ✓', at: '2026-12-01T10:00:00.123456Z', day: '2026-12-01', big: 9_007_199_254_740_991, small: -2_147_483_648, ratio: 0.1 + 0.2, doc: { a: ['x\ty'], n: 1.5 } },
    { id: 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF', label: '', at: '1999-12-31T23:59:59.999999+01:00', day: '1969-07-20', big: -9_007_199_254_740_991, small: 0, ratio: -1e-300, doc: [] },
    { id: '00000000-0000-0000-0000-000000000000', label: null, at: null, day: null, big: null, small: null, ratio: null, doc: null },
    { id: '11111111-2222-4333-8444-555555555555', label: 'x', at: new Date('2000-01-01T00:00:00Z'), day: '2024-02-29', big: -1, small: 2_147_483_647, ratio: 1e300, doc: '{"as": "json text"}' },
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init({ clientUrl: db.url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
    const ddl = columns.map(([c, sql]) => `"${c}" ${sql}`).join(', ');
    await orm.em.getConnection().execute(`create table public.as_binary (${ddl}); create table public.as_text (${ddl})`);
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const read = (table: string) =>
    orm.em.fork().getConnection().execute(`select id, label, at::text as at, day::text as day, big::text as big, small, ratio::text as ratio, doc from public.${table} order by id`);

  it('writes every supported type as the text format would, nulls included', async () => {
    const names = columns.map(([c]) => c);
    await orm.em.fork().transactional(async (em) => {
      expect(await copyRows(em, 'public.as_binary', names, copyBinary(rows, columns.map(([, , type, value]) => [type, value] as const)))).toBe(rows.length);
      await copyRows(em, 'public.as_text', names, copyText(rows, columns.map(([, , , value]) => value)));
    });
    const binary = await read('as_binary');
    expect(binary).toEqual(await read('as_text'));
    const byId = (id: string) => binary.find((r) => r.id === id);
    expect(byId('0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e')).toMatchObject({ at: '2026-12-01 10:00:00.123456+00', big: '9007199254740991', ratio: '0.30000000000000004' });
    expect(byId('ffffffff-ffff-4fff-bfff-ffffffffffff')).toMatchObject({ at: '1999-12-31 22:59:59.999999+00', day: '1969-07-20', big: '-9007199254740991' });
    expect(byId('00000000-0000-0000-0000-000000000000')).toEqual({ id: '00000000-0000-0000-0000-000000000000', label: null, at: null, day: null, big: null, small: null, ratio: null, doc: null });
  });

  it('a staging table with a type it has no encoder for is copied as text', async () => {
    const staging: StagingColumn<{ id: number; amount: string }>[] = [
      ['id', 'integer', (r) => r.id],
      ['amount', 'numeric(12,2)', (r) => r.amount],
    ];
    const seen = await orm.em.fork().transactional(async (em) => {
      const table = await copyIntoStaging(em, 'amounts_staging', staging, [{ id: 1, amount: '12.50' }]);
      return queryBound(em, `select id, amount::text as amount from ${table}`);
    });
    expect(seen).toEqual([{ id: 1, amount: '12.50' }]);
  });
});

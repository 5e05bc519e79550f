import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '#libs/testing';
import { combineReads, readApart, readTogether, type Read } from './read-together.js';

/** Against PostgreSQL, through a forked EntityManager as the services read. */
describe('readTogether', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init({ clientUrl: db.url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
    await orm.em.getConnection().execute(
      `create table public.items (id int primary key, owner text not null, at timestamptz not null, doc jsonb, score float8);
       insert into public.items values (1, 'a', '2026-12-01T10:00:00.123Z', '{"k":[1,2]}', 0.5), (2, 'a', '2026-12-02T00:00:00Z', null, null), (3, 'b', '2026-12-03T00:00:00Z', '{}', 2)`,
    );
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  type Item = { id: number; at: Date | string; doc: unknown; score: number | null };
  const itemsOf = (owner: string): Read<{ id: number; at: string; doc: unknown; score: number | null }[]> => ({
    selects: [{ sql: `select "id", "at", "doc", "score" from public.items where "owner" = ? order by "id"`, params: [owner] }],
    result: ([rows]) => (rows as Item[]).map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
  });
  const countOf = (owner: string): Read<number> => ({
    selects: [{ sql: `select count(*)::int as "n" from public.items where "owner" = ?`, params: [owner] }],
    result: ([rows]) => (rows as { n: number }[])[0]!.n,
  });

  it('answers each read as running its selects apart does, its parameters kept to its own select', async () => {
    const em = orm.em.fork();
    const together = await readTogether(em, itemsOf('a'), countOf('b'), itemsOf('nobody'));
    const apart = await Promise.all([readApart(em, itemsOf('a')), readApart(em, countOf('b')), readApart(em, itemsOf('nobody'))]);
    expect(together).toEqual(apart);
    expect(together).toEqual([
      [
        { id: 1, at: '2026-12-01T10:00:00.123Z', doc: { k: [1, 2] }, score: 0.5 },
        { id: 2, at: '2026-12-02T00:00:00.000Z', doc: null, score: null },
      ],
      1,
      [],
    ]);
  });

  it('puts combined reads together from their own rows, and answers a read that has no select', async () => {
    const em = orm.em.fork();
    const both = combineReads([countOf('a'), itemsOf('b')], ([n, items]) => ({ n, ids: items.map((i) => i.id) }));
    const none: Read<string> = { selects: [], result: () => 'nothing to read' };
    expect(await readTogether(em, both, none)).toEqual([{ n: 2, ids: [3] }, 'nothing to read']);
    expect(await readTogether(em, none)).toEqual(['nothing to read']);
  });

  it("reads inside the EntityManager's transaction when it has one (its own uncommitted rows)", async () => {
    const rolledBack = new Error('roll back');
    await expect(
      orm.em.fork().transactional(async (em) => {
        await em.execute(`insert into public.items values (4, 'c', '2026-12-04T00:00:00Z', null, 1)`);
        expect(await readTogether(em, countOf('c'))).toEqual([1]);
        expect(await readApart(em, itemsOf('c'))).toEqual([{ id: 4, at: '2026-12-04T00:00:00.000Z', doc: null, score: 1 }]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await readTogether(orm.em.fork(), countOf('c'))).toEqual([0]);
  });
});

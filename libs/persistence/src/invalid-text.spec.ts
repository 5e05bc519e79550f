import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { AppError } from '#libs/contracts';
import { createTestDatabase, type TestDatabase } from '#libs/testing';
import { invalidTextError } from './invalid-text.js';

const Note = defineEntity({ name: 'Note', tableName: 'note', properties: { id: p.integer().primary(), body: p.text() } });

/** What PostgreSQL itself answers for text it cannot take, read the way the services meet it (through MikroORM). */
describe('invalidTextError against PostgreSQL', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init({ clientUrl: db.url, entities: [Note], allowGlobalContext: false });
    await orm.schema.create();
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const failureOf = async (work: () => Promise<unknown>): Promise<unknown> => {
    try {
      await work();
    } catch (err) {
      return err;
    }
    throw new Error('PostgreSQL accepted it');
  };

  it('turns a NUL in a text value (a bind parameter the server cannot read: 08P01) into a 400 validation error, and nothing is written', async () => {
    const err = await failureOf(() => orm.em.fork().transactional(async (em) => em.persist(em.create(Note, { id: 1, body: 'a\u0000b' }))));
    const mapped = invalidTextError(err);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: 'validation', status: 400, detail: expect.stringContaining('U+0000') });
    expect(await orm.em.fork().count(Note)).toBe(0);
  });

  it('turns a NUL in a search parameter into a 400 too', async () => {
    const err = await failureOf(() => orm.em.fork().find(Note, { body: { $ilike: '%\u0000%' } }));
    expect(invalidTextError(err)).toMatchObject({ code: 'validation' });
  });

  it('turns bytes that are not UTF-8 (22021) into a 400', async () => {
    const err = await failureOf(() => orm.em.fork().execute(`select convert_from('\\x00'::bytea, 'UTF8')`));
    expect(invalidTextError(err)).toMatchObject({ code: 'validation' });
  });

  it('turns a \\u0000 inside JSON (22P05) into a 400', async () => {
    const err = await failureOf(() => orm.em.fork().execute(`select (?::jsonb) ->> 'a'`, ['{"a":"x\\u0000y"}']));
    expect(invalidTextError(err)).toMatchObject({ code: 'validation' });
  });

  it('turns an untranslatable character (22P05) into a 400', async () => {
    const err = await failureOf(() => orm.em.fork().execute(`select convert_to(?, 'LATIN1')`, ['€']));
    expect(invalidTextError(err)).toMatchObject({ code: 'validation' });
  });

  it('leaves every other database failure alone (a 500 stays a 500)', async () => {
    const err = await failureOf(() => orm.em.fork().execute('select * from no_such_table'));
    expect(invalidTextError(err)).toBeUndefined();
    expect(invalidTextError(await failureOf(() => orm.em.fork().execute('select 1/0')))).toBeUndefined();
    expect(invalidTextError(new Error('boom'))).toBeUndefined();
  });
});

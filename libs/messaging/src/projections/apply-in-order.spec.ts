import { randomUUID } from 'node:crypto';
import { startMessagingEnv, Widget, type MessagingEnv } from '../messaging.test-support.js';
import { applyInOrder } from './apply-in-order.js';
import { ProjectionVersion } from './projection-version.entity.js';

let env: MessagingEnv;

beforeAll(async () => {
  env = await startMessagingEnv();
});
afterAll(async () => env?.close());

/** A projection of widget names: applies `name` when the event at `version` is newer. */
function project(widgetId: string, version: number, name: string, projection = 'names'): Promise<boolean> {
  return env.orm.em.fork().transactional((em) =>
    applyInOrder(em, projection, { aggregateId: widgetId, aggregateVersion: version }, async () => {
      await em.upsert(Widget, { id: widgetId, name });
    }),
  );
}

const nameOf = async (id: string) => (await env.orm.em.fork().findOne(Widget, { id }))?.name;

describe('applyInOrder (real Postgres)', () => {
  it('applies a newer version and records it', async () => {
    const id = randomUUID();
    expect(await project(id, 1, 'one')).toBe(true);
    expect(await project(id, 3, 'three')).toBe(true);
    expect(await nameOf(id)).toBe('three');
    const row = await env.orm.em.fork().findOneOrFail(ProjectionVersion, { projection: 'names', aggregateId: id });
    expect(row.version).toBe(3);
  });

  it('skips a duplicate of the version it holds', async () => {
    const id = randomUUID();
    await project(id, 2, 'two');
    expect(await project(id, 2, 'two again')).toBe(false);
    expect(await nameOf(id)).toBe('two');
  });

  it('skips an older version that arrives late, so state never moves back', async () => {
    const id = randomUUID();
    await project(id, 3, 'three');
    expect(await project(id, 2, 'two')).toBe(false);
    expect(await nameOf(id)).toBe('three');
  });

  it('tracks each projection separately', async () => {
    const id = randomUUID();
    await project(id, 5, 'five', 'names');
    expect(await project(id, 1, 'one', 'other')).toBe(true);
  });

  it('keeps the old version when apply fails, so the event can be applied on retry', async () => {
    const id = randomUUID();
    await project(id, 1, 'one');
    await expect(
      env.orm.em.fork().transactional((em) =>
        applyInOrder(em, 'names', { aggregateId: id, aggregateVersion: 2 }, async () => {
          throw new Error('boom');
        }),
      ),
    ).rejects.toThrow('boom');
    expect(await project(id, 2, 'two')).toBe(true);
    expect(await nameOf(id)).toBe('two');
  });

  it('serializes two events of one aggregate: the older one waits, then is skipped', async () => {
    const id = randomUUID();
    await project(id, 1, 'one');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const newer = env.orm.em.fork().transactional((em) =>
      applyInOrder(em, 'names', { aggregateId: id, aggregateVersion: 3 }, async () => {
        entered();
        await gate;
        await em.upsert(Widget, { id, name: 'three' });
      }),
    );
    await inside;
    const older = project(id, 2, 'two');
    release();
    expect(await newer).toBe(true);
    expect(await older).toBe(false);
    expect(await nameOf(id)).toBe('three');
  });
});

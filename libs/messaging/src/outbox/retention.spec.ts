import { randomUUID } from 'node:crypto';
import { InboxEntry } from '../inbox/inbox.entity.js';
import { OutboxMessage } from './outbox.entity.js';
import { pruneMessagingTables } from './retention.js';
import { startMessagingEnv, type MessagingEnv } from '../messaging.test-support.js';

const HOUR = 3_600_000;

describe('pruneMessagingTables (real Postgres)', () => {
  let env: MessagingEnv;
  beforeAll(async () => {
    env = await startMessagingEnv();
  });
  afterAll(async () => env?.close());

  it('deletes old published outbox rows and old inbox ids, and never an unpublished event', async () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
    const em = env.orm.em.fork();
    const outbox = (publishedAt: Date | null, occurredAt: Date) => {
      const id = randomUUID();
      em.create(OutboxMessage, { id, subject: 'identity.evt.widget.created.v1', envelope: { id } as never, traceCarrier: {}, occurredAt, publishedAt, attempts: 0, lastError: null });
      return id;
    };
    outbox(ago(200), ago(200)); // published long ago: goes
    const recentPublished = outbox(ago(1), ago(1));
    const oldUnpublished = outbox(null, ago(500));
    em.create(InboxEntry, { consumer: 'c', eventId: randomUUID(), processedAt: ago(800) });
    const keptInbox = randomUUID();
    em.create(InboxEntry, { consumer: 'c', eventId: keptInbox, processedAt: ago(10) });
    await em.flush();

    await expect(pruneMessagingTables(env.orm.em, { outboxMs: 168 * HOUR, inboxMs: 744 * HOUR }, now)).resolves.toEqual({ outbox: 1, inbox: 1 });

    const left = env.orm.em.fork();
    expect((await left.find(OutboxMessage, {})).map((m) => m.id).sort()).toEqual([recentPublished, oldUnpublished].sort());
    expect((await left.find(InboxEntry, {})).map((e) => e.eventId)).toEqual([keptInbox]);
  });
});

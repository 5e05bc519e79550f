import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notificationEvents } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { S } from '../common/sql.js';
import { audienceFacts } from '../audience/audience.reader.js';
import { recipientsOf } from '../audience/audience.rules.js';
import type { Notice } from './notice.rules.js';
import { fanOutNotice } from '../webhooks/webhook-fanout.store.js';

/**
 * Stores a notice for everyone it is for, once per person: the unique (user, key) makes a
 * repeated event, a replay or a second replica's sweep a no-op. Each new row carries its e-mail
 * state, decided now from the person's preference (`instant` unless chosen otherwise; `none`
 * without an address), and announces itself so the recipient's live bell refreshes.
 * The notice also becomes a webhook event for the organizations it is for (`fanOutNotice`).
 * Returns how many notifications were new.
 */
/** `alreadyMailed`: the news reached the address by mail before the account existed; no second mail. */
export async function deliver(em: EntityManager, notice: Notice, now: Date, opts: { alreadyMailed?: boolean } = {}): Promise<number> {
  await fanOutNotice(em, notice);
  const recipients = recipientsOf(notice, await audienceFacts(em, notice, now));
  let created = 0;
  for (const r of recipients) {
    const id = randomUUID();
    const rows = await em.execute<{ id: string }[]>(
      `insert into ${S}."notifications" ("id", "user_id", "kind", "title", "body", "link", "audience", "org_id", "creator_id", "dedupe_key", "created_at", "email")
       select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
         case when ? then 'sent' when p."email" is null then 'none' else coalesce(ep."mode", 'instant') end
       from (select 1) one
       left join ${S}."people" p on p."user_id" = ?
       left join ${S}."email_preferences" ep on ep."user_id" = ? and ep."kind" = ?
       on conflict ("user_id", "dedupe_key") do nothing
       returning "id"`,
      [id, r.userId, notice.kind, notice.title, notice.body, r.link, r.audience, r.orgId, r.creatorId, notice.key, notice.at, opts.alreadyMailed === true, r.userId, r.userId, notice.kind],
    );
    if (rows.length === 0) continue;
    created += 1;
    enqueueEvent(em, notificationEvents.created, {
      aggregateId: id,
      aggregateVersion: 1,
      payload: { notificationId: id, userId: r.userId, kind: notice.kind, at: now.toISOString() },
    });
  }
  return created;
}

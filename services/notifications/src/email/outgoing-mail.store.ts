import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationKind } from '#libs/contracts';
import { S } from '../common/sql.js';
import type { MailItem } from './mail.rules.js';

export interface OutgoingMail extends MailItem {
  id: string;
  userId: string;
  to: string;
  name: string;
  unsubscribeToken: string;
}

interface Row {
  id: string;
  user_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  email_address: string;
  name: string;
  unsubscribe_token: string;
}

const mailOf = (r: Row): OutgoingMail => ({ id: r.id, userId: r.user_id, kind: r.kind, title: r.title, body: r.body, link: r.link, to: r.email_address, name: r.name, unsubscribeToken: r.unsubscribe_token });

const SELECT = `select n."id", n."user_id", n."kind", n."title", n."body", n."link", p."email" as "email_address", p."name", p."unsubscribe_token"
  from ${S}."notifications" n join ${S}."people" p on p."user_id" = n."user_id"`;

/** Instant mail waiting, oldest first, locked for this sender only (replicas share the queue). */
export async function waitingInstant(em: EntityManager, limit: number): Promise<OutgoingMail[]> {
  const rows = await em.execute<Row[]>(`${SELECT} where n."email" = 'instant' and p."email" is not null order by n."created_at" limit ${Number(limit)} for update of n skip locked`);
  return rows.map(mailOf);
}

/** Users with digest items waiting since before `now`. */
export async function digestRecipients(em: EntityManager, now: Date, limit: number): Promise<string[]> {
  const rows = await em.execute<{ user_id: string }[]>(
    `select distinct n."user_id" from ${S}."notifications" n where n."email" = 'digest' and n."created_at" <= ? limit ${Number(limit)}`,
    [now],
  );
  return rows.map((r) => r.user_id);
}

/** One user's waiting digest items, locked (a second replica skips the user's rows). */
export async function waitingDigest(em: EntityManager, userId: string, now: Date): Promise<OutgoingMail[]> {
  const rows = await em.execute<Row[]>(
    `${SELECT} where n."user_id" = ? and n."email" = 'digest' and n."created_at" <= ? and p."email" is not null order by n."created_at" for update of n skip locked`,
    [userId, now],
  );
  return rows.map(mailOf);
}

/** Waiting mail its reader may no longer open: never sent, and kept out of every later digest. */
export async function markWithheld(em: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await em.execute(`update ${S}."notifications" set "email" = 'withheld' where "id" = any(?::uuid[])`, [`{${ids.join(',')}}`]);
}

export async function markSent(em: EntityManager, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await em.execute(`update ${S}."notifications" set "email" = 'sent', "emailed_at" = ? where "id" in (${ids.map(() => '?').join(', ')})`, [now, ...ids]);
}

import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden } from '#libs/authz';
import type { Notification, NotificationKind, Principal } from '#libs/contracts';
import { decodeCursor, encodeCursor } from '#libs/persistence';
import { UnitOfWork } from '#libs/service-defaults';
import { S } from '../common/sql.js';
import { VISIBLE, visibleParams } from './visibility.js';

interface Row {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  created_at: Date;
  read_at: Date | null;
}

const view = (r: Row): Notification => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

/** `userId` is filled by the gateway from the principal; anything else is someone else's inbox. */
function assertSelf(principal: Principal, userId: string): void {
  if (principal.userId !== userId) throw forbidden();
}

async function unreadCount(em: EntityManager, visible: unknown[]): Promise<number> {
  const [row] = await em.execute<{ n: string }[]>(`select count(*) as n from ${S}."notifications" n where ${VISIBLE} and n."read_at" is null`, visible);
  return Number(row?.n ?? 0);
}

/** A user's notifications: listed newest first and marked read, only ever their own and only those they may still see. */
@Injectable()
export class NotificationsService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async list(principal: Principal, req: { userId: string; unread?: boolean; limit: number; cursor?: string }) {
    assertSelf(principal, req.userId);
    const em = this.uow.reader();
    const after = decodeCursor(req.cursor);
    const visible = await visibleParams(em, principal, new Date());
    const rows = await em.execute<Row[]>(
      `select n."id", n."kind", n."title", n."body", n."link", n."created_at", n."read_at" from ${S}."notifications" n
       where ${VISIBLE}${req.unread ? ` and n."read_at" is null` : ''}${after ? ` and (n."created_at", n."id") < (?, ?)` : ''}
       order by n."created_at" desc, n."id" desc limit ${req.limit + 1}`,
      [...visible, ...(after ? [after.at, after.id] : [])],
    );
    const items = rows.slice(0, req.limit);
    const last = items.at(-1);
    return {
      items: items.map(view),
      unreadCount: await unreadCount(em, visible),
      nextCursor: rows.length > req.limit && last ? encodeCursor(new Date(last.created_at), last.id) : null,
    };
  }

  markRead(principal: Principal, req: { userId: string; ids?: string[]; all?: true }) {
    assertSelf(principal, req.userId);
    return this.uow.run(async (em) => {
      const ids = req.ids ?? [];
      const visible = await visibleParams(em, principal, new Date());
      await em.execute(
        `update ${S}."notifications" n set "read_at" = now() where ${VISIBLE} and n."read_at" is null${req.all ? '' : ` and n."id" in (${ids.map(() => '?').join(', ')})`}`,
        [...visible, ...(req.all ? [] : ids)],
      );
      return { unreadCount: await unreadCount(em, visible) };
    });
  }
}

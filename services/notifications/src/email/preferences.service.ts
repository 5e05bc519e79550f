import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, notFound } from '#libs/authz';
import { NOTIFICATION_KINDS, type EmailMode, type NotificationKind, type NotificationPreferences, type Principal } from '#libs/contracts';
import { UnitOfWork } from '#libs/service-defaults';
import { S } from '../common/sql.js';

async function preferencesOf(em: EntityManager, userId: string): Promise<NotificationPreferences> {
  const rows = await em.execute<{ kind: NotificationKind; mode: EmailMode }[]>(`select "kind", "mode" from ${S}."email_preferences" where "user_id" = ?`, [userId]);
  const chosen = new Map(rows.map((r) => [r.kind, r.mode]));
  return { email: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, chosen.get(k) ?? 'instant'])) as NotificationPreferences['email'] };
}

/**
 * Sets modes and moves mail not yet sent along with them: `off` drops it, `digest` holds it
 * for the next digest, `instant` sends it now. Only choices other than the default (`instant`)
 * are stored, so choosing the default leaves no row behind.
 */
async function setModes(em: EntityManager, userId: string, modes: Partial<Record<NotificationKind, EmailMode>>): Promise<void> {
  for (const [kind, mode] of Object.entries(modes) as [NotificationKind, EmailMode][]) {
    if (mode === 'instant') {
      await em.execute(`delete from ${S}."email_preferences" where "user_id" = ? and "kind" = ?`, [userId, kind]);
    } else {
      await em.execute(
        `insert into ${S}."email_preferences" ("user_id", "kind", "mode", "updated_at") values (?, ?, ?, now())
         on conflict ("user_id", "kind") do update set "mode" = excluded."mode", "updated_at" = now()`,
        [userId, kind, mode],
      );
    }
    await em.execute(`update ${S}."notifications" set "email" = ? where "user_id" = ? and "kind" = ? and "email" in ('instant', 'digest')`, [mode, userId, kind]);
  }
}

/** Each user's e-mail mode per kind, and the unsubscribe link's way of turning one off. */
@Injectable()
export class PreferencesService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  get(principal: Principal, req: { userId: string }): Promise<NotificationPreferences> {
    if (principal.userId !== req.userId) throw forbidden();
    return preferencesOf(this.uow.reader(), req.userId);
  }

  put(principal: Principal, req: { userId: string; email: Partial<Record<NotificationKind, EmailMode>> }): Promise<NotificationPreferences> {
    if (principal.userId !== req.userId) throw forbidden();
    return this.uow.run(async (em) => {
      await setModes(em, req.userId, req.email);
      return preferencesOf(em, req.userId);
    });
  }

  /** The link's token names the user; an unknown token is a 404 that says nothing more. */
  unsubscribe(req: { token: string; kind: NotificationKind }) {
    return this.uow.run(async (em) => {
      const [person] = await em.execute<{ user_id: string }[]>(`select "user_id" from ${S}."people" where "unsubscribe_token" = ?`, [req.token]);
      if (!person) throw notFound();
      await setModes(em, person.user_id, { [req.kind]: 'off' });
      return { kind: req.kind, email: 'off' as const };
    });
  }
}

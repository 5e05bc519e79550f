import type { EntityManager } from '@mikro-orm/postgresql';
import type { PayloadOf, invitationEvents } from '#libs/contracts';
import { S } from '../common/sql.js';

type InvitationCreated = PayloadOf<typeof invitationEvents.created>;

/** An invitation to an address with no account yet, as the mail and the later notice need it. */
export interface InvitationMail {
  invitationId: string;
  email: string;
  orgName: string;
  orgKind: 'agency' | 'brand' | null;
  role: string;
  invitedBy: string;
  expiresAt: Date;
  createdAt: Date;
}

interface Row {
  invitation_id: string;
  email: string;
  org_name: string;
  org_kind: 'agency' | 'brand' | null;
  role: string;
  invited_by: string;
  expires_at: Date;
  created_at: Date;
}

const mailOf = (r: Row): InvitationMail => ({
  invitationId: r.invitation_id,
  email: r.email,
  orgName: r.org_name,
  orgKind: r.org_kind,
  role: r.role,
  invitedBy: r.invited_by,
  expiresAt: new Date(r.expires_at),
  createdAt: new Date(r.created_at),
});

/** Keeps the invitation for its mail; a redelivered event adds nothing. */
export async function holdInvitationMail(em: EntityManager, i: InvitationCreated): Promise<void> {
  await em.execute(
    `insert into ${S}."invitation_mails" ("invitation_id", "email", "org_name", "org_kind", "role", "invited_by", "expires_at", "created_at")
     values (?, ?, ?, ?, ?, ?, ?, ?) on conflict ("invitation_id") do nothing`,
    [i.invitationId, i.email, i.orgName, i.orgKind ?? null, i.role, i.invitedBy, new Date(i.expiresAt), new Date(i.at)],
  );
}

/** Invitation mails not sent yet and not expired, oldest first, locked for this sender only. */
export async function waitingInvitationMails(em: EntityManager, now: Date, limit: number): Promise<InvitationMail[]> {
  const rows = await em.execute<Row[]>(
    `select * from ${S}."invitation_mails" where "sent_at" is null and "expires_at" > ? order by "created_at" limit ${Number(limit)} for update skip locked`,
    [now],
  );
  return rows.map(mailOf);
}

export async function markInvitationMailsSent(em: EntityManager, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await em.execute(`update ${S}."invitation_mails" set "sent_at" = ? where "invitation_id" = any(?::uuid[])`, [now, `{${ids.join(',')}}`]);
}

/** Open invitations of an address that has just signed up, so the new account is told of them. */
export async function openInvitationsOf(em: EntityManager, email: string, now: Date): Promise<InvitationMail[]> {
  const rows = await em.execute<Row[]>(`select * from ${S}."invitation_mails" where "email" = ? and "expires_at" > ? order by "created_at"`, [email, now]);
  return rows.map(mailOf);
}

import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AssigneesChangedPayload, MemberChangedPayload, PayloadOf, userEvents } from '#libs/contracts';
import { S } from '../common/sql.js';

/** The token of a person's unsubscribe links: random, made once with the person's row. */
const newToken = () => randomBytes(24).toString('base64url');

/**
 * The people notifications address, kept from identity's events. A user's sign-up and
 * membership events may arrive in either order: each writes only its own columns. Membership
 * changes carry no version; the newest `at` wins, so a late or repeated one changes nothing.
 */
export async function applyUserRegistered(em: EntityManager, u: PayloadOf<typeof userEvents.registered>): Promise<void> {
  await em.execute(
    `insert into ${S}."people" ("user_id", "name", "email", "kind", "unsubscribe_token", "updated_at") values (?, ?, ?, ?, ?, now())
     on conflict ("user_id") do update set "name" = excluded."name", "kind" = excluded."kind", "email" = coalesce(excluded."email", ${S}."people"."email"), "updated_at" = now()`,
    [u.userId, u.name, u.email ?? null, u.kind, newToken()],
  );
}

export async function applyMemberChanged(em: EntityManager, m: MemberChangedPayload): Promise<void> {
  await em.execute(
    `insert into ${S}."people" ("user_id", "name", "email", "org_id", "org_kind", "org_name", "role", "member_changed_at", "unsubscribe_token", "updated_at")
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
     on conflict ("user_id") do update set "name" = excluded."name", "email" = excluded."email",
       "org_id" = case when excluded."role" is null and ${S}."people"."org_id" <> excluded."org_id" then ${S}."people"."org_id" else excluded."org_id" end,
       "org_kind" = case when excluded."role" is null and ${S}."people"."org_id" <> excluded."org_id" then ${S}."people"."org_kind" else excluded."org_kind" end,
       "org_name" = case when excluded."role" is null and ${S}."people"."org_id" <> excluded."org_id" then ${S}."people"."org_name" else excluded."org_name" end,
       "role" = case when excluded."role" is null and ${S}."people"."org_id" <> excluded."org_id" then ${S}."people"."role" else excluded."role" end,
       "member_changed_at" = excluded."member_changed_at", "updated_at" = now()
     where ${S}."people"."member_changed_at" is null or ${S}."people"."member_changed_at" < excluded."member_changed_at"`,
    [m.userId, m.name, m.email, m.orgId, m.orgKind, m.orgName, m.role, new Date(m.at), newToken()],
  );
}

/** Who manages a creator for an agency; the newest `at` wins (roster's entries carry no version). */
export async function applyAssigneesChanged(em: EntityManager, a: AssigneesChangedPayload): Promise<void> {
  await em.execute(
    `insert into ${S}."assignments" ("grant_id", "agency_id", "creator_id", "assignee_ids", "changed_at") values (?, ?, ?, ?::jsonb, ?)
     on conflict ("grant_id") do update set "assignee_ids" = excluded."assignee_ids", "changed_at" = excluded."changed_at"
     where ${S}."assignments"."changed_at" < excluded."changed_at"`,
    [a.grantId, a.agencyId, a.creatorId, JSON.stringify(a.assigneeIds), new Date(a.at)],
  );
}

/** The account with this address, if any (invitations are addressed to an address). */
export async function personByEmail(em: EntityManager, email: string): Promise<string | null> {
  const [row] = await em.execute<{ user_id: string }[]>(`select "user_id" from ${S}."people" where "email" = ? limit 1`, [email]);
  return row?.user_id ?? null;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { S } from '../common/sql.js';
import { DEADLINE_LEAD_MS, type DeadlineKind, type OfferNames } from './notice.rules.js';

/** Names an offer is shown by, from its opening (later events carry only ids). */
export async function rememberOfferNames(em: EntityManager, offerId: string, names: OfferNames): Promise<void> {
  await em.execute(`insert into ${S}."offer_names" ("offer_id", "campaign_name", "brand_name") values (?, ?, ?) on conflict do nothing`, [offerId, names.campaignName, names.brandName]);
}

export async function offerNamesOf(em: EntityManager, offerId: string): Promise<OfferNames | null> {
  const [row] = await em.execute<{ campaign_name: string; brand_name: string }[]>(`select "campaign_name", "brand_name" from ${S}."offer_names" where "offer_id" = ?`, [offerId]);
  return row ? { campaignName: row.campaign_name, brandName: row.brand_name } : null;
}

export interface Deadline {
  id: string;
  kind: DeadlineKind;
  offerId: string;
  creatorId: string;
  brandId: string;
  /** The submission (review) or the offer (respond-by) the deadline belongs to. */
  subjectId: string;
  dueAt: Date;
}

/**
 * A deadline to announce its lead time ahead (`DEADLINE_LEAD_MS`); once per id, however often
 * its event comes. One already settled (answered, reviewed) stays settled.
 */
export async function scheduleDeadline(em: EntityManager, d: Deadline): Promise<void> {
  await em.execute(
    `insert into ${S}."deadlines" ("id", "kind", "offer_id", "creator_id", "brand_id", "subject_id", "due_at", "notify_at") values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    [d.id, d.kind, d.offerId, d.creatorId, d.brandId, d.subjectId, d.dueAt, new Date(d.dueAt.getTime() - DEADLINE_LEAD_MS[d.kind])],
  );
}

/**
 * The deadline no longer needs a reminder (the offer was answered, the draft reviewed). A
 * tombstone is written when the settling event overtakes the scheduling one, so the late
 * schedule finds it settled.
 */
export async function settleDeadline(em: EntityManager, d: Deadline, now: Date): Promise<void> {
  await em.execute(
    `insert into ${S}."deadlines" ("id", "kind", "offer_id", "creator_id", "brand_id", "subject_id", "due_at", "notify_at", "settled_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict ("id") do update set "settled_at" = coalesce(${S}."deadlines"."settled_at", excluded."settled_at")`,
    [d.id, d.kind, d.offerId, d.creatorId, d.brandId, d.subjectId, d.dueAt, d.dueAt, now],
  );
}

export const respondByDeadlineId = (offerId: string) => `deadline.respond_by:${offerId}`;
export const reviewDeadlineId = (submissionId: string) => `deadline.review:${submissionId}`;

/** Deadlines whose reminder is due and still useful, locked for this sweep only (SKIP LOCKED: replicas share them). */
export async function dueDeadlines(em: EntityManager, now: Date, limit: number): Promise<(Deadline & { dueAt: Date })[]> {
  const rows = await em.execute<{ id: string; kind: DeadlineKind; offer_id: string; creator_id: string; brand_id: string; subject_id: string; due_at: Date }[]>(
    `select "id", "kind", "offer_id", "creator_id", "brand_id", "subject_id", "due_at" from ${S}."deadlines"
     where "settled_at" is null and "notify_at" <= ? order by "notify_at" limit ${Number(limit)} for update skip locked`,
    [now],
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, offerId: r.offer_id, creatorId: r.creator_id, brandId: r.brand_id, subjectId: r.subject_id, dueAt: new Date(r.due_at) }));
}

export async function markDeadlineSent(em: EntityManager, id: string, now: Date): Promise<void> {
  await em.execute(`update ${S}."deadlines" set "settled_at" = ? where "id" = ?`, [now, id]);
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, GrantEventPayload } from '#libs/contracts';
import type { GrantView } from '#libs/authz';
import { applyInOrder } from '#libs/messaging';
import { metricsTable as t, uuidArray } from '../db.js';

/** The projection's name in `projection_versions`: one applied version per grant. */
export const GRANTS_PROJECTION = 'metrics-grants';

/**
 * Metrics' own copy of identity's delegation grants, so it decides who may read a creator's
 * numbers from data it holds (and can answer a batch of 200 creators without 200 calls).
 * Applied in grant-version order: redelivered or overtaken events change nothing.
 */
export function applyGrantEvent(em: EntityManager, event: EventEnvelope<GrantEventPayload>): Promise<boolean> {
  return applyInOrder(em, GRANTS_PROJECTION, event, async () => {
    const g = event.payload;
    await em.execute(
      `insert into ${t('creator_grants')} ("grant_id", "agency_id", "creator_id", "status", "scopes", "expires_at")
       values (?, ?, ?, ?, ?::jsonb, ?)
       on conflict ("grant_id") do update set "status" = excluded."status", "scopes" = excluded."scopes", "expires_at" = excluded."expires_at"`,
      [g.grantId, g.agencyId, g.creatorId, g.status, JSON.stringify(g.scopes), g.expiresAt],
    );
  });
}

/** The active grants of `agencyId` for any of `creatorIds`, by creator. */
export async function grantsOf(em: EntityManager, agencyId: string, creatorIds: readonly string[]): Promise<Map<string, GrantView>> {
  const rows = await em.execute<{ id: string; agencyId: string; creatorId: string; status: GrantView['status']; scopes: GrantView['scopes']; expiresAt: Date | null }[]>(
    `select "grant_id" as "id", "agency_id" as "agencyId", "creator_id" as "creatorId", "status", "scopes", "expires_at" as "expiresAt"
       from ${t('creator_grants')}
      where "agency_id" = ? and "status" = 'active' and "creator_id" = any(?::uuid[])`,
    [agencyId, uuidArray(creatorIds)],
  );
  return new Map(rows.map((r) => [r.creatorId, r]));
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrgRole } from '#libs/contracts';
import { S } from '../common/sql.js';
import type { Notice } from '../inbox/notice.rules.js';
import type { AudienceFacts, OrgMember } from './audience.rules.js';
import { offerGrants } from './offer-agencies.reader.js';

/**
 * The agencies acting for a creator on offers (every creator-agency notice is about one), with
 * whom each assigned to the creator.
 */
async function creatorAgencies(em: EntityManager, creatorId: string, now: Date): Promise<AudienceFacts['agencies']> {
  const grants = await offerGrants(em, { creatorId }, now);
  if (grants.length === 0) return [];
  const rows = await em.execute<{ grant_id: string; assignee_ids: string[] | null }[]>(
    `select "grant_id", "assignee_ids" from ${S}."assignments" where "grant_id" = any(?::uuid[])`,
    [`{${grants.map((g) => g.id).join(',')}}`],
  );
  const assignees = new Map(rows.map((r) => [r.grant_id, r.assignee_ids ?? []]));
  return grants.map((g) => ({ agencyId: g.agencyId, assigneeIds: assignees.get(g.id) ?? [] }));
}

/** What `recipientsOf` needs for a notice, as the service's copies hold it now. */
export async function audienceFacts(em: EntityManager, notice: Notice, now: Date): Promise<AudienceFacts> {
  const agencies = notice.creatorId && notice.to.includes('creator-agency') ? await creatorAgencies(em, notice.creatorId, now) : [];
  const orgIds = [...new Set([...agencies.map((a) => a.agencyId), ...(notice.to.includes('brand') && notice.brandId ? [notice.brandId] : []), ...(notice.to.includes('agency') && notice.agencyId ? [notice.agencyId] : []), ...(notice.to.includes('org-admins') && notice.orgId ? [notice.orgId] : [])])];
  const members = new Map<string, OrgMember[]>();
  if (orgIds.length > 0) {
    const rows = await em.execute<{ user_id: string; org_id: string; role: OrgRole }[]>(
      `select "user_id", "org_id", "role" from ${S}."people" where "org_id" in (${orgIds.map(() => '?').join(', ')}) and "role" is not null`,
      orgIds,
    );
    for (const r of rows) members.set(r.org_id, [...(members.get(r.org_id) ?? []), { userId: r.user_id, role: r.role }]);
  }
  return { agencies, members };
}

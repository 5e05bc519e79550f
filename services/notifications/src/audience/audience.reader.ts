import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrgRole } from '#libs/contracts';
import { GRANT_COPY_TABLE } from '#libs/service-defaults';
import { S } from '../common/sql.js';
import type { Notice } from '../inbox/notice.rules.js';
import type { AudienceFacts, OrgMember } from './audience.rules.js';

/** What `recipientsOf` needs for a notice, as the service's copies hold it now. */
export async function audienceFacts(em: EntityManager, notice: Notice, now: Date): Promise<AudienceFacts> {
  const agencies = notice.creatorId && notice.to.includes('creator-agency')
    ? (
        await em.execute<{ agency_id: string; assignee_ids: string[] | null }[]>(
          `select g."agency_id", a."assignee_ids" from ${S}."${GRANT_COPY_TABLE}" g
           left join ${S}."assignments" a on a."grant_id" = g."grant_id"
           where g."creator_id" = ? and g."status" = 'active' and (g."expires_at" is null or g."expires_at" > ?)`,
          [notice.creatorId, now],
        )
      ).map((r) => ({ agencyId: r.agency_id, assigneeIds: r.assignee_ids ?? [] }))
    : [];
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

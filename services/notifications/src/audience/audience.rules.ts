import type { OrgRole } from '#libs/contracts';
import type { Notice, Party } from '../inbox/notice.rules.js';

/** Who reads a notification later, and what they must still hold to read it. */
export type Audience =
  /** The user it is about (a creator, an invitee): theirs for good. */
  | 'self'
  /** A member of `orgId` (a brand, or an agency told its grant ended): while still a member. */
  | 'org'
  /** A member of agency `orgId` about `creatorId`: while a member and while the agency's grant is active. */
  | 'agency';

export interface Recipient {
  userId: string;
  party: Party;
  audience: Audience;
  orgId: string | null;
  creatorId: string | null;
  link: string;
}

export interface OrgMember {
  userId: string;
  role: OrgRole;
}

/** What addressing a notice needs to know, read from the service's own copies. */
export interface AudienceFacts {
  /** The agencies with an active grant for the notice's creator, with whom they assigned to the creator. */
  agencies: { agencyId: string; assigneeIds: readonly string[] }[];
  /** Current members of the organizations involved (agencies, the brand), by organization. */
  members: ReadonlyMap<string, readonly OrgMember[]>;
}

const MANAGERS_AND_UP: readonly OrgRole[] = ['owner', 'admin', 'manager'];

const managersOf = (members: readonly OrgMember[]) => members.filter((m) => MANAGERS_AND_UP.includes(m.role)).map((m) => m.userId);

/**
 * The agency members who hear about one of its creators: the members it assigned to the
 * creator who are still members, else every manager and up.
 */
export function agencyRecipients(assigneeIds: readonly string[], members: readonly OrgMember[]): string[] {
  const current = new Set(members.map((m) => m.userId));
  const assigned = assigneeIds.filter((id) => current.has(id));
  return assigned.length > 0 ? assigned : managersOf(members);
}

/** Everyone a notice is for, once each, never the person who caused it. */
export function recipientsOf(notice: Notice, facts: AudienceFacts): Recipient[] {
  const out = new Map<string, Recipient>();
  const add = (userId: string, party: Party, audience: Audience, orgId: string | null) => {
    if (userId === notice.actorUserId || out.has(userId)) return;
    out.set(userId, { userId, party, audience, orgId, creatorId: notice.creatorId, link: notice.links?.[party] ?? notice.link });
  };
  for (const party of notice.to) {
    switch (party) {
      case 'creator':
        if (notice.creatorId) add(notice.creatorId, party, 'self', null);
        break;
      case 'user':
        if (notice.userId) add(notice.userId, party, 'self', null);
        break;
      case 'creator-agency':
        for (const a of facts.agencies) for (const id of agencyRecipients(a.assigneeIds, facts.members.get(a.agencyId) ?? [])) add(id, party, 'agency', a.agencyId);
        break;
      case 'brand':
        if (notice.brandId) for (const m of facts.members.get(notice.brandId) ?? []) add(m.userId, party, 'org', notice.brandId);
        break;
      case 'org-admins':
        if (notice.orgId) for (const m of facts.members.get(notice.orgId) ?? []) if (m.role === 'owner' || m.role === 'admin') add(m.userId, party, 'org', notice.orgId);
        break;
      case 'agency':
        if (notice.agencyId) for (const id of managersOf(facts.members.get(notice.agencyId) ?? [])) add(id, party, 'org', notice.agencyId);
        break;
    }
  }
  return [...out.values()];
}

import type { OrgRole } from '#libs/contracts';

/** Organization roles from most to least powerful. */
const RANK: Record<OrgRole, number> = { owner: 4, admin: 3, manager: 2, viewer: 1 };

export function roleRank(role: OrgRole | null | undefined): number {
  return role ? RANK[role] : 0;
}

/** True when `role` is `min` or more powerful. */
export function hasRoleAtLeast(role: OrgRole | null | undefined, min: OrgRole): boolean {
  return roleRank(role) >= RANK[min];
}

/** Owners and admins run an organization: members, delegation requests, revocations, audit. */
export function isOrgAdmin(role: OrgRole | null | undefined): boolean {
  return hasRoleAtLeast(role, 'admin');
}

/** Viewers only read; every write on a creator's behalf needs manager or above. */
export function canWriteForCreator(role: OrgRole | null | undefined): boolean {
  return hasRoleAtLeast(role, 'manager');
}

import type { Principal } from '#libs/contracts';
import type { GrantView } from './grant.js';
import type { Resource } from './policy.js';
import { forbidden } from './errors.js';

/**
 * Which audit log a caller asks to read, as the resource `authorize(p, 'audit:read', …)`
 * decides on: with `creatorId`, that creator's (the creator themselves, or their agency
 * through `grant`); without, the caller's own as a creator, or else their organization's.
 * The gateway and identity both ask this, so they cannot disagree.
 */
export function auditLogResource(principal: Principal, creatorId: string | undefined, grant?: GrantView | null): Extract<Resource, { type: 'creator' | 'organization' }> {
  if (creatorId !== undefined) return { type: 'creator', creatorId, grant };
  if (principal.kind === 'creator') return { type: 'creator', creatorId: principal.userId };
  if (principal.orgId) return { type: 'organization', orgId: principal.orgId };
  throw forbidden();
}

/** Whether reading this creator's log needs the agency's grant (only someone other than the creator does). */
export function auditReadNeedsGrant(principal: Principal, creatorId: string | undefined): creatorId is string {
  return creatorId !== undefined && !(principal.kind === 'creator' && principal.userId === creatorId);
}

/**
 * The entries an allowed reader sees: the creator everything done on their behalf; their
 * agency only what concerns the agency; an organization's admins their organization's.
 */
export function auditLogRows(
  principal: Principal,
  resource: Extract<Resource, { type: 'creator' | 'organization' }>,
): { onBehalfOf: string; orgId?: string | null } | { orgId: string } {
  if (resource.type === 'organization') return { orgId: resource.orgId };
  if (principal.kind === 'creator' && principal.userId === resource.creatorId) return { onBehalfOf: resource.creatorId };
  return { onBehalfOf: resource.creatorId, orgId: principal.orgId };
}

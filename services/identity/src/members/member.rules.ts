import { AppError, type OrgRole } from '#libs/contracts';
import { isOrgAdmin } from '#libs/authz';

/**
 * Who may change whom in an organization:
 *  - only owners and admins manage members at all;
 *  - only an owner may make someone an owner, or change or remove an owner;
 *  - an organization always keeps at least one owner (the last one can neither leave,
 *    be removed nor be demoted).
 * `ownerCount` is the number of owners now, read under a lock on the organization.
 */
export type MemberChange =
  | { type: 'add'; role: OrgRole }
  | { type: 'set-role'; from: OrgRole; to: OrgRole }
  | { type: 'remove'; role: OrgRole };

export function checkMemberChange(actorRole: OrgRole | null, change: MemberChange, ownerCount: number): void {
  checkMemberAuthority(actorRole, change);
  const losesOwner = (change.type === 'set-role' && change.from === 'owner' && change.to !== 'owner') || (change.type === 'remove' && change.role === 'owner');
  if (losesOwner && ownerCount <= 1) {
    throw new AppError('conflict', 'Last owner', 'An organization must keep at least one owner; make someone else owner first');
  }
}

/**
 * The first two rules, which say who may act (403), apart from the last, which says whether
 * the organization can take the change (409). `null`: the change is not known yet (a request
 * whose role failed validation), so only the first rule can be judged.
 */
export function checkMemberAuthority(actorRole: OrgRole | null, change: MemberChange | null): void {
  if (!isOrgAdmin(actorRole)) throw new AppError('forbidden', 'Forbidden', 'Only owners and admins manage members');
  const touchesOwner =
    (change?.type === 'add' && change.role === 'owner') ||
    (change?.type === 'set-role' && (change.from === 'owner' || change.to === 'owner')) ||
    (change?.type === 'remove' && change.role === 'owner');
  if (touchesOwner && actorRole !== 'owner') {
    throw new AppError('forbidden', 'Forbidden', 'Only an owner can grant, change or remove the owner role');
  }
}

/** Which organization kind each account kind can belong to. */
export function orgKindFor(kind: 'creator' | 'manager' | 'brand'): 'agency' | 'brand' | null {
  return kind === 'manager' ? 'agency' : kind === 'brand' ? 'brand' : null;
}

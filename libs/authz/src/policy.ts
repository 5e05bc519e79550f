import type { Principal, Scope } from '#libs/contracts';
import { isGrantEffective, type GrantView } from './grant.js';
import { canWriteForCreator, hasRoleAtLeast, isOrgAdmin } from './roles.js';

/**
 * The one answer to "may principal P do action A on resource R — for creator C, through
 * grant G with scopes S?". Pure: callers gather the facts (the gateway from the token and
 * its grant cache, a service from its own tables) and act on the decision.
 *
 *  - no principal                                  → 401
 *  - the resource is not in the principal's tenant → 404 (the same answer as an unknown id)
 *  - it is, but the role or scope is missing        → 403
 *  - otherwise allowed; acting through a grant returns `actingFor` for downstream services.
 */

/** Things a creator's agency may do through a grant, and the scope each needs (null = any active grant). */
export const CREATOR_ACTIONS = {
  'profile:read': { scope: null, write: false, brands: 'visible', adminOnly: false },
  'profile:write': { scope: null, write: true, brands: 'never', adminOnly: false },
  'rates:read': { scope: null, write: false, brands: 'visible', adminOnly: false },
  'rates:write': { scope: 'rates:write', write: true, brands: 'never', adminOnly: false },
  'campaigns:read': { scope: 'campaigns:read', write: false, brands: 'never', adminOnly: false },
  'offers:negotiate': { scope: 'offers:negotiate', write: true, brands: 'never', adminOnly: false },
  'feedback:write': { scope: 'feedback:write', write: true, brands: 'never', adminOnly: false },
  'metrics:read': { scope: 'metrics:read', write: false, brands: 'visible', adminOnly: false },
  /** The log of what was done on the creator's behalf: the creator, and their agency's owner/admin. */
  'audit:read': { scope: null, write: false, brands: 'never', adminOnly: true },
  /** Recording an action taken through the grant (the action itself was authorized separately). */
  'audit:write': { scope: null, write: false, brands: 'never', adminOnly: false },
  /** The agency's commission on the creator: every member of the agency and the creator read it. */
  'commission:read': { scope: null, write: false, brands: 'never', adminOnly: false },
  /** The agency's own business terms: its owner/admin set them; the creator sees but does not set them. */
  'commission:write': { scope: null, write: true, brands: 'never', adminOnly: true, agencyOnly: true },
  /** Monthly statements of the creator's payments: the creator, and members of an agency holding a grant. */
  'statements:read': { scope: null, write: false, brands: 'never', adminOnly: false },
} as const satisfies Record<string, { scope: Scope | null; write: boolean; brands: 'visible' | 'never'; adminOnly: boolean; agencyOnly?: true }>;
export type CreatorAction = keyof typeof CREATOR_ACTIONS;

export const GRANT_ACTIONS = ['delegation:read', 'delegation:approve', 'delegation:decline', 'delegation:narrow', 'delegation:revoke'] as const;
export type GrantAction = (typeof GRANT_ACTIONS)[number];

export const ORG_ACTIONS = ['members:read', 'members:write', 'audit:read', 'roster:read', 'roster:assign', 'webhooks:manage'] as const;
export type OrgAction = (typeof ORG_ACTIONS)[number];

/** Organization actions open to every member (viewers included); the rest need an owner or admin. */
const ORG_MEMBER_ACTIONS: readonly OrgAction[] = ['roster:read'];

/**
 * A brand's own campaigns and offers: every member reads, managers and above run them. Every
 * brand member may also search the marketplace of visible creators (`marketplace:discover`).
 */
export const BRAND_ACTIONS = ['brand-campaigns:read', 'brand-campaigns:write', 'marketplace:discover'] as const;
export type BrandAction = (typeof BRAND_ACTIONS)[number];

export type Action = 'account:read' | 'delegation:request' | 'deals:read' | 'payments:read' | GrantAction | OrgAction | CreatorAction | BrandAction;

export type Resource =
  /** The caller's own account and lists filtered to it (me, logout, my delegations). */
  | { type: 'account' }
  /** The caller's own agency as a whole (asking creators for delegation). */
  | { type: 'agency' }
  /** The deals inbox: each member sees their own organization's side of its offers. */
  | { type: 'deals' }
  /** The payments overview: brand and agency members see their organization's side, a creator their own. */
  | { type: 'payments' }
  | { type: 'organization'; orgId: string }
  /** What a brand owns (campaigns, the offers they sent); `brandId` is the owning organization. */
  | { type: 'brand'; brandId: string }
  | { type: 'grant'; grant: GrantView }
  | {
      type: 'creator';
      creatorId: string;
      /** The grant between the caller's agency and this creator, as far as the caller knows. */
      grant?: GrantView | null;
      /** Whether the creator is visible to brands in the marketplace. */
      marketplaceVisible?: boolean;
    };

export interface ActingFor {
  creatorId: string;
  grantId: string;
  scopes: Scope[];
}

export type Decision =
  | { allowed: true; actingFor?: ActingFor }
  | { allowed: false; status: 401 | 403 | 404; reason: string };

const allow = (actingFor?: ActingFor): Decision => (actingFor ? { allowed: true, actingFor } : { allowed: true });
const deny = (status: 401 | 403 | 404, reason: string): Decision => ({ allowed: false, status, reason });
const notYours = (what: string) => deny(404, `${what} is not in the caller's tenant`);

function isCreatorSelf(p: Principal, creatorId: string): boolean {
  return p.kind === 'creator' && p.userId === creatorId;
}

function isAgencyMember(p: Principal): p is Principal & { orgId: string } {
  return p.orgKind === 'agency' && p.orgId !== null;
}

/** The grant, if it is this agency's grant for this creator and in force now. */
function usableGrant(p: Principal, creatorId: string, grant: GrantView | null | undefined, now: Date): GrantView | undefined {
  if (!isAgencyMember(p) || !grant) return undefined;
  if (grant.agencyId !== p.orgId || grant.creatorId !== creatorId) return undefined;
  return isGrantEffective(grant, now) ? grant : undefined;
}

function decideCreator(p: Principal, action: CreatorAction, r: Extract<Resource, { type: 'creator' }>, now: Date): Decision {
  const rule = CREATOR_ACTIONS[action];
  if (isCreatorSelf(p, r.creatorId)) return 'agencyOnly' in rule ? deny(403, `${action} is the agency's decision`) : allow();
  const grant = usableGrant(p, r.creatorId, r.grant, now);
  if (grant) {
    if (rule.adminOnly && !isOrgAdmin(p.role)) return deny(403, `${action} needs an agency owner or admin`);
    if (rule.write && !canWriteForCreator(p.role)) return deny(403, `${action} needs the manager role or above`);
    if (rule.scope && !grant.scopes.includes(rule.scope)) return deny(403, `the grant does not include ${rule.scope}`);
    return allow({ creatorId: r.creatorId, grantId: grant.id, scopes: [...grant.scopes] });
  }
  if (p.orgKind === 'brand' && r.marketplaceVisible) {
    // A visible creator is known to every brand: what brands may not do is forbidden, not unknown.
    return rule.brands === 'visible' ? allow() : deny(403, `brands may not ${action}`);
  }
  return notYours('creator');
}

function decideGrant(p: Principal, action: GrantAction, grant: GrantView): Decision {
  const isCreator = isCreatorSelf(p, grant.creatorId);
  const isAgency = isAgencyMember(p) && p.orgId === grant.agencyId;
  if (!isCreator && !isAgency) return notYours('grant');
  switch (action) {
    case 'delegation:read':
      return allow();
    case 'delegation:approve':
    case 'delegation:decline':
    case 'delegation:narrow':
      return isCreator ? allow() : deny(403, 'only the creator decides on a grant');
    case 'delegation:revoke':
      if (isCreator || isOrgAdmin(p.role)) return allow();
      return deny(403, 'revoking needs the creator or an agency owner or admin');
  }
}

function decideOrganization(p: Principal, action: OrgAction, orgId: string): Decision {
  if (p.orgId !== orgId) return notYours('organization');
  if (ORG_MEMBER_ACTIONS.includes(action)) return allow();
  if (!isOrgAdmin(p.role)) return deny(403, `${action} needs an owner or admin of the organization`);
  return allow();
}

function decideBrand(p: Principal, action: BrandAction, brandId: string): Decision {
  // Campaigns and discovery are brand business: refusing everyone else says nothing about any brand's data.
  if (p.orgKind !== 'brand') return deny(403, action === 'marketplace:discover' ? 'only brand members search the marketplace' : 'only brand members run campaigns');
  if (p.orgId !== brandId) return notYours('brand resource');
  if (action === 'brand-campaigns:write' && !hasRoleAtLeast(p.role, 'manager')) return deny(403, `${action} needs the manager role or above`);
  return allow();
}

export function authorize(principal: Principal | null | undefined, action: Action, resource: Resource, now: Date = new Date()): Decision {
  if (!principal) return deny(401, 'authentication required');
  switch (resource.type) {
    case 'account':
      return action === 'account:read' ? allow() : deny(403, `${action} is not an action on an account`);
    case 'agency':
      if (action !== 'delegation:request') return deny(403, `${action} is not an action on an agency`);
      if (!isAgencyMember(principal)) return deny(403, 'only agencies request delegation');
      return isOrgAdmin(principal.role) ? allow() : deny(403, 'requesting delegation needs an agency owner or admin');
    case 'deals':
      // Which offers are shown is decided per creator (the grant) or per brand by the data owner.
      if (action !== 'deals:read') return deny(403, `${action} is not an action on the deals inbox`);
      return (principal.orgKind === 'agency' || principal.orgKind === 'brand') && principal.orgId
        ? allow()
        : deny(403, 'the deals inbox is for agency and brand members');
    case 'payments':
      // Which payments are shown is decided per creator (the grant) or per brand by the data owner.
      if (action !== 'payments:read') return deny(403, `${action} is not an action on the payments overview`);
      return ((principal.orgKind === 'agency' || principal.orgKind === 'brand') && principal.orgId) || principal.kind === 'creator'
        ? allow()
        : deny(403, 'the payments overview is for creators and agency and brand members');
    case 'organization':
      if (!(ORG_ACTIONS as readonly string[]).includes(action)) return deny(403, `${action} is not an action on an organization`);
      return decideOrganization(principal, action as OrgAction, resource.orgId);
    case 'grant':
      if (!(GRANT_ACTIONS as readonly string[]).includes(action)) return deny(403, `${action} is not an action on a grant`);
      return decideGrant(principal, action as GrantAction, resource.grant);
    case 'creator':
      if (!(action in CREATOR_ACTIONS)) return deny(403, `${action} is not an action on a creator`);
      return decideCreator(principal, action as CreatorAction, resource, now);
    case 'brand':
      if (!(BRAND_ACTIONS as readonly string[]).includes(action)) return deny(403, `${action} is not an action on a brand`);
      return decideBrand(principal, action as BrandAction, resource.brandId);
  }
}

/**
 * What the portal shows to whom. The gateway decides every request; these rules only keep
 * controls out of sight that the caller would be refused anyway.
 */
export type Kind = 'creator' | 'manager' | 'brand';
export type Role = 'owner' | 'admin' | 'manager' | 'viewer' | null;

export interface Viewer {
  kind: Kind;
  role: Role;
  orgKind: 'agency' | 'brand' | null;
  /** A platform operator (PLATFORM_ADMINS): issues and revokes the API keys of data connectors. */
  operator: boolean;
}

export const isAgency = (v: Viewer) => v.orgKind === 'agency';
export const isBrand = (v: Viewer) => v.orgKind === 'brand';
export const isCreator = (v: Viewer) => v.kind === 'creator';
export const isOperator = (v: Viewer) => v.operator;

/** Owner and admin administer the organization: members, delegation requests, assignees. */
export const canAdminOrg = (v: Viewer) => v.role === 'owner' || v.role === 'admin';
/** Everyone in an organization but a viewer acts for it (offers, counters, rates, drafts). */
export const canActForOrg = (v: Viewer) => v.role !== null && v.role !== 'viewer';
/** Which side of an offer the caller speaks for. */
export const offerSide = (v: Viewer): 'brand' | 'creator' => (isBrand(v) ? 'brand' : 'creator');
/** Writes on an offer: a brand member or the creator side (creator, or agency member who acts). */
export const canWriteOffers = (v: Viewer) => isCreator(v) || canActForOrg(v);

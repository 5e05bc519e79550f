import type { Principal, Side } from '#libs/contracts';
import type { GrantView } from './grant.js';
import { canWriteForCreator } from './roles.js';
import { authorize, type ActingFor, type CreatorAction, type Decision } from './policy.js';

/**
 * Who may do what on an offer under negotiation. The offer has two sides: its brand (members
 * of the brand organization) and its creator (the creator, or an agency member acting through
 * a grant with the scope the action needs).
 *
 *  - read:        brand members; the creator; agency with campaigns:read (or a scope to act on offers)
 *  - negotiate:   propose, accept, decline, post messages — brand manager+; creator; agency offers:negotiate
 *  - submit:      drafts — the creator; agency feedback:write (brands: 403)
 *  - review, complete, withdraw: brand manager+ only
 *  - confirm:     settling an agency's accept — the creator only
 *  - cancel, dispute, invoice: cancellation by agreement, disputing a payment — either side
 *                 (agency offers:negotiate); invoicing — the creator side only
 *  - pay:         marking a payment paid — brand manager+ only
 *  - sign:        the contract — brand manager+; the creator themselves (no agency signs for them)
 *
 * Strangers get 404 (the same answer as an unknown offer); a known party without the role or
 * scope gets 403.
 */
export const OFFER_ACTIONS = ['read', 'negotiate', 'submit', 'review', 'complete', 'withdraw', 'confirm', 'cancel', 'invoice', 'pay', 'dispute', 'sign'] as const;
export type OfferAction = (typeof OFFER_ACTIONS)[number];

export interface OfferParties {
  brandId: string;
  creatorId: string;
}

export type OfferDecision =
  | { allowed: true; side: Side; actingFor?: ActingFor }
  | { allowed: false; status: 401 | 403 | 404; reason: string };

const AGENCY_SCOPES: Record<OfferAction, readonly CreatorAction[]> = {
  read: ['campaigns:read', 'offers:negotiate', 'feedback:write'],
  negotiate: ['offers:negotiate'],
  submit: ['feedback:write'],
  review: [],
  complete: [],
  withdraw: [],
  confirm: [],
  cancel: ['offers:negotiate'],
  invoice: ['offers:negotiate'],
  pay: [],
  dispute: ['offers:negotiate'],
  sign: [],
};

const BRAND_MAY: readonly OfferAction[] = ['read', 'negotiate', 'review', 'complete', 'withdraw', 'cancel', 'pay', 'dispute', 'sign'];
const CREATOR_MAY_NOT: readonly OfferAction[] = ['review', 'complete', 'withdraw', 'pay'];
/** What only the creator in person does, never an agency for them. */
const CREATOR_ONLY: Partial<Record<OfferAction, string>> = {
  confirm: 'only the creator settles an accept made on their behalf',
  sign: 'only the creator signs the contract for themselves',
};

export function authorizeOffer(p: Principal | null | undefined, action: OfferAction, offer: OfferParties, grant: GrantView | null | undefined, now: Date = new Date()): OfferDecision {
  if (!p) return { allowed: false, status: 401, reason: 'authentication required' };
  if (p.orgKind === 'brand' && p.orgId === offer.brandId) {
    if (!BRAND_MAY.includes(action)) return { allowed: false, status: 403, reason: `the brand side may not ${action}` };
    if (action !== 'read' && !canWriteForCreator(p.role)) return { allowed: false, status: 403, reason: `${action} needs the manager role or above` };
    return { allowed: true, side: 'brand' };
  }
  if (p.kind === 'creator' && p.userId === offer.creatorId) {
    if (CREATOR_MAY_NOT.includes(action)) return { allowed: false, status: 403, reason: `the creator side may not ${action}` };
    return { allowed: true, side: 'creator' };
  }
  // An agency member: first a grant in force for this creator (else 404), then the scope.
  const viaGrant = authorize(p, 'profile:read', { type: 'creator', creatorId: offer.creatorId, grant }, now);
  if (!viaGrant.allowed) return viaGrant;
  const candidates = AGENCY_SCOPES[action];
  if (action === 'read') {
    // Reading is not a write: any role of the agency reads with one of the offer scopes.
    const scopes = viaGrant.actingFor?.scopes ?? [];
    return candidates.some((a) => scopes.includes(a as never))
      ? { allowed: true, side: 'creator', ...(viaGrant.actingFor ? { actingFor: viaGrant.actingFor } : {}) }
      : { allowed: false, status: 403, reason: 'the grant includes no scope on offers' };
  }
  let refusal: OfferDecision = {
    allowed: false,
    status: 403,
    reason: CREATOR_ONLY[action] ?? `only the brand may ${action}`,
  };
  for (const scopeAction of candidates) {
    const d: Decision = authorize(p, scopeAction, { type: 'creator', creatorId: offer.creatorId, grant }, now);
    if (d.allowed) return { allowed: true, side: 'creator', ...(d.actingFor ? { actingFor: d.actingFor } : {}) };
    refusal = d;
  }
  return refusal;
}

/**
 * Whether an agency, through `grant`, sees the creator's offers: the read rule above for any of
 * its members, a viewer included. Used where no member is asking (an event fanned out to the
 * organization's webhooks).
 */
export function agencySeesOffer(grant: GrantView, offer: OfferParties, now: Date): boolean {
  const anyMember: Principal = { userId: ANY_MEMBER, kind: 'manager', orgId: grant.agencyId, orgKind: 'agency', role: 'viewer' };
  return authorizeOffer(anyMember, 'read', offer, grant, now).allowed;
}

/**
 * Whether an agency, through `grant`, sees the offers of the grant's creator, whichever brand
 * sent them (for an agency the read rule looks at the grant, never at the brand). Used where the
 * brand is not at hand: what an agency may be told about a creator, and read later.
 */
export function agencySeesCreatorOffers(grant: GrantView, now: Date): boolean {
  return agencySeesOffer(grant, { creatorId: grant.creatorId, brandId: ANY_BRAND }, now);
}

/** Stands for no particular brand: an agency member is never on the brand side. */
const ANY_BRAND = '00000000-0000-4000-8000-000000000000';

/** Stands for no particular user: the read rule looks at the organization, role and grant only. */
const ANY_MEMBER = '00000000-0000-4000-8000-000000000000';

import { randomUUID } from 'node:crypto';
import type { Principal } from '#libs/contracts';
import { agencySeesCreatorOffers, agencySeesOffer, authorizeOffer, OFFER_ACTIONS, type OfferAction } from './offer.js';

const brandId = randomUUID();
const creatorId = randomUUID();
const agencyId = randomUUID();
const offer = { brandId, creatorId };
const grant = { id: randomUUID(), agencyId, creatorId, status: 'active' as const, scopes: ['offers:negotiate' as const], expiresAt: null };

const brand = (role: Principal['role']): Principal => ({ userId: randomUUID(), kind: 'brand', orgId: brandId, orgKind: 'brand', role });
const creator: Principal = { userId: creatorId, kind: 'creator', orgId: null, orgKind: null, role: null };
const manager = (role: Principal['role'] = 'manager'): Principal => ({ userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role });

const outcome = (p: Principal, action: OfferAction, g: typeof grant | null = grant) => {
  const d = authorizeOffer(p, action, offer, g);
  return d.allowed ? d.side : d.status;
};

describe('offer authorization', () => {
  it.each<[string, Principal, Record<OfferAction, string | number>]>([
    ['brand manager', brand('manager'), { read: 'brand', negotiate: 'brand', submit: 403, review: 'brand', complete: 'brand', withdraw: 'brand', confirm: 403, cancel: 'brand', invoice: 403, pay: 'brand', dispute: 'brand', sign: 'brand' }],
    ['brand viewer', brand('viewer'), { read: 'brand', negotiate: 403, submit: 403, review: 403, complete: 403, withdraw: 403, confirm: 403, cancel: 403, invoice: 403, pay: 403, dispute: 403, sign: 403 }],
    ['creator', creator, { read: 'creator', negotiate: 'creator', submit: 'creator', review: 403, complete: 403, withdraw: 403, confirm: 'creator', cancel: 'creator', invoice: 'creator', pay: 403, dispute: 'creator', sign: 'creator' }],
    ['agency manager with offers:negotiate', manager(), { read: 'creator', negotiate: 'creator', submit: 403, review: 403, complete: 403, withdraw: 403, confirm: 403, cancel: 'creator', invoice: 'creator', pay: 403, dispute: 'creator', sign: 403 }],
    ['agency viewer with offers:negotiate', manager('viewer'), { read: 'creator', negotiate: 403, submit: 403, review: 403, complete: 403, withdraw: 403, confirm: 403, cancel: 403, invoice: 403, pay: 403, dispute: 403, sign: 403 }],
  ])('%s', (_who, p, expected) => {
    expect(Object.fromEntries(OFFER_ACTIONS.map((a) => [a, outcome(p, a)]))).toEqual(expected);
  });

  it('an agency without a grant in force, another brand and another creator get 404', () => {
    expect(outcome(manager(), 'read', null)).toBe(404);
    expect(outcome(manager(), 'negotiate', { ...grant, status: 'revoked' as never })).toBe(404);
    expect(outcome({ ...brand('owner'), orgId: randomUUID() }, 'read')).toBe(404);
    expect(outcome({ ...creator, userId: randomUUID() }, 'read')).toBe(404);
  });

  it('acting through a grant names the grant used', () => {
    const d = authorizeOffer(manager(), 'negotiate', offer, grant);
    expect(d).toEqual({ allowed: true, side: 'creator', actingFor: { creatorId, grantId: grant.id, scopes: ['offers:negotiate'] } });
  });

  it('an agency needs feedback:write to submit drafts', () => {
    expect(outcome(manager(), 'submit', { ...grant, scopes: ['offers:negotiate', 'feedback:write'] as never })).toBe('creator');
  });

  it('lets an agency see a creator\'s offers through a grant with an offer scope, in force, for that creator', () => {
    const now = new Date();
    expect(agencySeesOffer(grant, offer, now)).toBe(true);
    expect(agencySeesOffer({ ...grant, scopes: ['campaigns:read'] }, offer, now)).toBe(true);
    expect(agencySeesOffer({ ...grant, scopes: ['metrics:read'] }, offer, now)).toBe(false);
    expect(agencySeesOffer({ ...grant, status: 'revoked' }, offer, now)).toBe(false);
    expect(agencySeesOffer({ ...grant, expiresAt: new Date(now.getTime() - 1) }, offer, now)).toBe(false);
    expect(agencySeesOffer({ ...grant, creatorId: randomUUID() }, offer, now)).toBe(false);
  });

  it('judges what an agency sees of a creator\'s offers from any brand by the same scopes', () => {
    const now = new Date();
    expect(agencySeesCreatorOffers({ ...grant, scopes: ['campaigns:read'] }, now)).toBe(true);
    expect(agencySeesCreatorOffers({ ...grant, scopes: ['feedback:write'] }, now)).toBe(true);
    expect(agencySeesCreatorOffers({ ...grant, scopes: ['metrics:read', 'rates:write'] }, now)).toBe(false);
    expect(agencySeesCreatorOffers({ ...grant, status: 'revoked' }, now)).toBe(false);
  });
});

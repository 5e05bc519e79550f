import { AppError, type Principal } from '#libs/contracts';
import { authorize, CREATOR_ACTIONS, type Resource } from './policy.js';
import { effectiveStatus, isGrantEffective, type GrantView } from './grant.js';
import { enforce } from './errors.js';
import { hasRoleAtLeast } from './roles.js';

const CREATOR = '00000000-0000-4000-8000-00000000c001';
const OTHER_CREATOR = '00000000-0000-4000-8000-00000000c002';
const AGENCY = '00000000-0000-4000-8000-00000000a001';
const OTHER_AGENCY = '00000000-0000-4000-8000-00000000a002';
const BRAND = '00000000-0000-4000-8000-00000000b001';
const NOW = new Date('2026-11-23T12:00:00Z');

const creator: Principal = { userId: CREATOR, kind: 'creator', orgId: null, orgKind: null, role: null };
const otherCreator: Principal = { ...creator, userId: OTHER_CREATOR };
const AGENCY_USERS = { owner: 'a1', admin: 'a2', manager: 'a3', viewer: 'a4' } as const;
const agency = (role: keyof typeof AGENCY_USERS, orgId = AGENCY): Principal => ({
  userId: `00000000-0000-4000-8000-0000000000${AGENCY_USERS[role]}`,
  kind: 'manager',
  orgId,
  orgKind: 'agency',
  role,
});
const brand: Principal = { userId: '00000000-0000-4000-8000-0000000000b1', kind: 'brand', orgId: BRAND, orgKind: 'brand', role: 'owner' };
const managerWithoutOrg: Principal = { userId: '00000000-0000-4000-8000-0000000000f1', kind: 'manager', orgId: null, orgKind: null, role: null };

const grant = (over: Partial<GrantView> = {}): GrantView => ({
  id: '00000000-0000-4000-8000-00000000e001',
  agencyId: AGENCY,
  creatorId: CREATOR,
  status: 'active',
  scopes: ['campaigns:read', 'metrics:read'],
  expiresAt: null,
  ...over,
});
const onCreator = (g: GrantView | null = grant(), extra: Partial<Extract<Resource, { type: 'creator' }>> = {}): Resource => ({
  type: 'creator',
  creatorId: CREATOR,
  grant: g,
  ...extra,
});

describe('authorize', () => {
  it('answers 401 to every action without a principal', () => {
    expect(authorize(null, 'account:read', { type: 'account' })).toMatchObject({ allowed: false, status: 401 });
    expect(authorize(undefined, 'metrics:read', onCreator())).toMatchObject({ allowed: false, status: 401 });
  });

  describe('creator data', () => {
    it("lets the creator do everything on their own data but the agency's own decisions, acting for nobody", () => {
      for (const action of Object.keys(CREATOR_ACTIONS) as (keyof typeof CREATOR_ACTIONS)[]) {
        if (action === 'commission:write') continue;
        expect(authorize(creator, action, onCreator(null), NOW)).toEqual({ allowed: true });
      }
      expect(authorize(creator, 'commission:write', onCreator(null), NOW)).toMatchObject({ allowed: false, status: 403 });
    });

    it('lets every agency member read the commission and statements, and only owners and admins set the commission', () => {
      for (const role of ['owner', 'admin', 'manager', 'viewer'] as const) {
        expect(authorize(agency(role), 'commission:read', onCreator(), NOW).allowed).toBe(true);
        expect(authorize(agency(role), 'statements:read', onCreator(), NOW).allowed).toBe(true);
        expect(authorize(agency(role), 'commission:write', onCreator(), NOW).allowed).toBe(role === 'owner' || role === 'admin');
      }
      expect(authorize(agency('owner', OTHER_AGENCY), 'commission:read', onCreator(), NOW)).toMatchObject({ status: 404 });
      expect(authorize(brand, 'statements:read', onCreator(null, { marketplaceVisible: true }), NOW)).toMatchObject({ status: 403 });
    });

    it('lets an agency act within the granted scopes, and says for whom and through which grant', () => {
      const decision = authorize(agency('manager'), 'metrics:read', onCreator(), NOW);
      expect(decision).toEqual({
        allowed: true,
        actingFor: { creatorId: CREATOR, grantId: grant().id, scopes: ['campaigns:read', 'metrics:read'] },
      });
    });

    it('refuses a scope the grant lacks with 403 (the creator is known to the agency)', () => {
      expect(authorize(agency('owner'), 'rates:write', onCreator(), NOW)).toMatchObject({ allowed: false, status: 403 });
      expect(authorize(agency('owner'), 'offers:negotiate', onCreator(), NOW)).toMatchObject({ allowed: false, status: 403 });
    });

    it('keeps viewers read-only and the audit log to owners and admins', () => {
      const g = grant({ scopes: ['rates:write', 'metrics:read'] });
      expect(authorize(agency('viewer'), 'metrics:read', onCreator(g), NOW).allowed).toBe(true);
      expect(authorize(agency('viewer'), 'rates:write', onCreator(g), NOW)).toMatchObject({ status: 403 });
      expect(authorize(agency('manager'), 'rates:write', onCreator(g), NOW).allowed).toBe(true);
      expect(authorize(agency('manager'), 'audit:read', onCreator(g), NOW)).toMatchObject({ status: 403 });
      expect(authorize(agency('admin'), 'audit:read', onCreator(g), NOW).allowed).toBe(true);
    });

    it('treats every grant that is not in force as no grant at all: 404', () => {
      for (const g of [
        null,
        grant({ status: 'pending' }),
        grant({ status: 'revoked' }),
        grant({ status: 'declined' }),
        grant({ status: 'expired' }),
        grant({ expiresAt: '2026-11-23T12:00:00.000Z' }), // expires exactly now
        grant({ expiresAt: new Date(NOW.getTime() - 1) }),
        grant({ expiresAt: 'not a date' }), // unreadable: fail closed
      ]) {
        expect(authorize(agency('owner'), 'metrics:read', onCreator(g), NOW)).toMatchObject({ allowed: false, status: 404 });
      }
      expect(authorize(agency('owner'), 'metrics:read', onCreator(grant({ expiresAt: new Date(NOW.getTime() + 1) })), NOW).allowed).toBe(true);
    });

    it("never lets a grant work for another agency or another creator (404)", () => {
      expect(authorize(agency('owner', OTHER_AGENCY), 'metrics:read', onCreator(), NOW)).toMatchObject({ status: 404 });
      const elsewhere: Resource = { type: 'creator', creatorId: OTHER_CREATOR, grant: grant() };
      expect(authorize(agency('owner'), 'metrics:read', elsewhere, NOW)).toMatchObject({ status: 404 });
      expect(authorize(otherCreator, 'metrics:read', onCreator(), NOW)).toMatchObject({ status: 404 });
      expect(authorize(managerWithoutOrg, 'metrics:read', onCreator(), NOW)).toMatchObject({ status: 404 });
    });

    it('shows brands only what the marketplace shows, and only for visible creators', () => {
      expect(authorize(brand, 'metrics:read', onCreator(null), NOW)).toMatchObject({ status: 404 });
      expect(authorize(brand, 'metrics:read', onCreator(null, { marketplaceVisible: true }), NOW)).toEqual({ allowed: true });
      expect(authorize(brand, 'rates:read', onCreator(null, { marketplaceVisible: true }), NOW)).toEqual({ allowed: true });
      expect(authorize(brand, 'rates:write', onCreator(null, { marketplaceVisible: true }), NOW)).toMatchObject({ status: 403 });
      expect(authorize(brand, 'audit:read', onCreator(null, { marketplaceVisible: true }), NOW)).toMatchObject({ status: 403 });
      // A brand never benefits from an agency's grant.
      expect(authorize(brand, 'campaigns:read', onCreator(grant({ agencyId: BRAND })), NOW)).toMatchObject({ status: 404 });
    });
  });

  describe('grants', () => {
    const on = (g = grant()): Resource => ({ type: 'grant', grant: g });

    it('shows a grant to its two parties only', () => {
      expect(authorize(creator, 'delegation:read', on()).allowed).toBe(true);
      expect(authorize(agency('viewer'), 'delegation:read', on()).allowed).toBe(true);
      for (const stranger of [otherCreator, agency('owner', OTHER_AGENCY), brand, managerWithoutOrg]) {
        for (const action of ['delegation:read', 'delegation:approve', 'delegation:decline', 'delegation:narrow', 'delegation:revoke'] as const) {
          expect(authorize(stranger, action, on())).toMatchObject({ allowed: false, status: 404 });
        }
      }
    });

    it('leaves approving, declining and narrowing to the creator (the agency gets 403)', () => {
      for (const action of ['delegation:approve', 'delegation:decline', 'delegation:narrow'] as const) {
        expect(authorize(creator, action, on()).allowed).toBe(true);
        expect(authorize(agency('owner'), action, on())).toMatchObject({ status: 403 });
      }
    });

    it('lets the creator or an agency owner/admin revoke, not a manager or viewer', () => {
      expect(authorize(creator, 'delegation:revoke', on()).allowed).toBe(true);
      expect(authorize(agency('owner'), 'delegation:revoke', on()).allowed).toBe(true);
      expect(authorize(agency('admin'), 'delegation:revoke', on()).allowed).toBe(true);
      expect(authorize(agency('manager'), 'delegation:revoke', on())).toMatchObject({ status: 403 });
      expect(authorize(agency('viewer'), 'delegation:revoke', on())).toMatchObject({ status: 403 });
    });
  });

  describe('organizations and agency-wide actions', () => {
    it('lets owners and admins manage members of their own organization only', () => {
      const org: Resource = { type: 'organization', orgId: AGENCY };
      expect(authorize(agency('owner'), 'members:write', org).allowed).toBe(true);
      expect(authorize(agency('admin'), 'members:read', org).allowed).toBe(true);
      expect(authorize(agency('manager'), 'members:read', org)).toMatchObject({ status: 403 });
      expect(authorize(agency('owner', OTHER_AGENCY), 'members:read', org)).toMatchObject({ status: 404 });
      expect(authorize(brand, 'members:write', org)).toMatchObject({ status: 404 });
      expect(authorize(creator, 'members:read', org)).toMatchObject({ status: 404 });
    });

    it('lets owners and admins of any organization manage its webhooks, nobody else', () => {
      const org: Resource = { type: 'organization', orgId: AGENCY };
      expect(authorize(agency('owner'), 'webhooks:manage', org).allowed).toBe(true);
      expect(authorize(agency('admin'), 'webhooks:manage', org).allowed).toBe(true);
      expect(authorize(agency('manager'), 'webhooks:manage', org)).toMatchObject({ status: 403 });
      expect(authorize(agency('admin', OTHER_AGENCY), 'webhooks:manage', org)).toMatchObject({ status: 404 });
      expect(authorize(creator, 'webhooks:manage', org)).toMatchObject({ status: 404 });
    });

    it('lets every member read the agency roster, and only owners and admins assign managers', () => {
      const org: Resource = { type: 'organization', orgId: AGENCY };
      for (const role of ['owner', 'admin', 'manager', 'viewer'] as const) expect(authorize(agency(role), 'roster:read', org).allowed).toBe(true);
      expect(authorize(agency('admin'), 'roster:assign', org).allowed).toBe(true);
      expect(authorize(agency('manager'), 'roster:assign', org)).toMatchObject({ status: 403 });
      expect(authorize(agency('viewer', OTHER_AGENCY), 'roster:read', org)).toMatchObject({ status: 404 });
      expect(authorize(creator, 'roster:read', org)).toMatchObject({ status: 404 });
    });

    it('lets only agency owners and admins ask for delegation', () => {
      expect(authorize(agency('owner'), 'delegation:request', { type: 'agency' }).allowed).toBe(true);
      expect(authorize(agency('admin'), 'delegation:request', { type: 'agency' }).allowed).toBe(true);
      for (const p of [agency('manager'), agency('viewer'), brand, creator, managerWithoutOrg]) {
        expect(authorize(p, 'delegation:request', { type: 'agency' })).toMatchObject({ status: 403 });
      }
    });

    it('denies by default an action that does not belong to the resource', () => {
      expect(authorize(creator, 'members:read', { type: 'account' })).toMatchObject({ allowed: false, status: 403 });
      expect(authorize(creator, 'metrics:read', { type: 'grant', grant: grant() })).toMatchObject({ allowed: false });
      expect(authorize(agency('owner'), 'delegation:approve', onCreator())).toMatchObject({ allowed: false });
      expect(authorize(agency('owner'), 'account:read', { type: 'agency' })).toMatchObject({ allowed: false });
    });
  });
});

describe('brand campaigns', () => {
  const own: Resource = { type: 'brand', brandId: BRAND };
  const brandAs = (role: 'owner' | 'admin' | 'manager' | 'viewer', orgId = BRAND): Principal => ({ ...brand, role, orgId });

  it('lets every member of the brand read, and managers and above run campaigns', () => {
    for (const role of ['owner', 'admin', 'manager', 'viewer'] as const) {
      expect(authorize(brandAs(role), 'brand-campaigns:read', own)).toEqual({ allowed: true });
    }
    expect(authorize(brandAs('manager'), 'brand-campaigns:write', own)).toEqual({ allowed: true });
    expect(authorize(brandAs('viewer'), 'brand-campaigns:write', own)).toMatchObject({ allowed: false, status: 403 });
  });

  it("hides a brand's campaigns from other brands (404) and keeps everyone who is not a brand out (403)", () => {
    const otherBrand = brandAs('owner', '00000000-0000-4000-8000-00000000b002');
    expect(authorize(otherBrand, 'brand-campaigns:read', own)).toMatchObject({ allowed: false, status: 404 });
    expect(authorize(otherBrand, 'brand-campaigns:write', own)).toMatchObject({ allowed: false, status: 404 });
    for (const outsider of [agency('owner'), creator, managerWithoutOrg]) {
      expect(authorize(outsider, 'brand-campaigns:read', own)).toMatchObject({ allowed: false, status: 403 });
    }
    expect(authorize(agency('owner'), 'brand-campaigns:write', { type: 'brand', brandId: AGENCY })).toMatchObject({ allowed: false, status: 403 });
    expect(authorize(brandAs('owner'), 'metrics:read', own)).toMatchObject({ allowed: false, status: 403 });
  });

  it('lets every brand member search the marketplace, and nobody else (403)', () => {
    for (const role of ['owner', 'admin', 'manager', 'viewer'] as const) {
      expect(authorize(brandAs(role), 'marketplace:discover', own)).toEqual({ allowed: true });
    }
    for (const outsider of [agency('owner'), creator, managerWithoutOrg]) {
      expect(authorize(outsider, 'marketplace:discover', { type: 'brand', brandId: outsider.orgId ?? '' })).toMatchObject({ allowed: false, status: 403 });
    }
    expect(authorize(null, 'marketplace:discover', own)).toMatchObject({ allowed: false, status: 401 });
  });
});

describe('grant status and roles', () => {
  it('reports a pending or active grant past its expiry as expired', () => {
    const past = new Date(NOW.getTime() - 1000);
    expect(effectiveStatus(grant({ expiresAt: past }), NOW)).toBe('expired');
    expect(effectiveStatus(grant({ status: 'pending', expiresAt: past }), NOW)).toBe('expired');
    expect(effectiveStatus(grant({ status: 'revoked', expiresAt: past }), NOW)).toBe('revoked');
    expect(isGrantEffective(grant(), NOW)).toBe(true);
    expect(isGrantEffective(null, NOW)).toBe(false);
  });

  it('ranks roles owner > admin > manager > viewer', () => {
    expect(hasRoleAtLeast('owner', 'admin')).toBe(true);
    expect(hasRoleAtLeast('admin', 'owner')).toBe(false);
    expect(hasRoleAtLeast('viewer', 'manager')).toBe(false);
    expect(hasRoleAtLeast(null, 'viewer')).toBe(false);
  });
});

describe('enforce', () => {
  it('turns refusals into the errors adapters render, identical for unknown and not yours', () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as AppError;
      }
      throw new Error('did not throw');
    };
    expect(err(() => enforce({ allowed: false, status: 401, reason: 'x' })).code).toBe('unauthenticated');
    expect(err(() => enforce({ allowed: false, status: 403, reason: 'x' })).code).toBe('forbidden');
    const a = err(() => enforce({ allowed: false, status: 404, reason: 'grant is not yours' }));
    const b = err(() => enforce({ allowed: false, status: 404, reason: 'unknown' }));
    expect(a.toRemote()).toEqual(b.toRemote());
    expect(JSON.stringify(a.toRemote())).not.toContain('yours');
    expect(enforce({ allowed: true })).toEqual({ allowed: true });
  });
});

describe('the deals inbox', () => {
  const inbox: Resource = { type: 'deals' };
  it('opens to every agency and brand member (each sees only their side); creators and members of no organization are refused', () => {
    for (const who of [agency('viewer'), agency('owner'), brand]) expect(authorize(who, 'deals:read', inbox)).toEqual({ allowed: true });
    for (const who of [creator, managerWithoutOrg]) expect(authorize(who, 'deals:read', inbox)).toMatchObject({ allowed: false, status: 403 });
    expect(authorize(null, 'deals:read', inbox)).toMatchObject({ allowed: false, status: 401 });
    expect(authorize(brand, 'brand-campaigns:read', inbox)).toMatchObject({ allowed: false, status: 403 });
  });
});

describe('the payments overview', () => {
  const overview: Resource = { type: 'payments' };
  it('opens to creators and to every agency and brand member (each sees only their side); members of no organization are refused', () => {
    for (const who of [agency('viewer'), agency('owner'), brand, creator]) expect(authorize(who, 'payments:read', overview)).toEqual({ allowed: true });
    expect(authorize(managerWithoutOrg, 'payments:read', overview)).toMatchObject({ allowed: false, status: 403 });
    expect(authorize(null, 'payments:read', overview)).toMatchObject({ allowed: false, status: 401 });
    expect(authorize(brand, 'deals:read', overview)).toMatchObject({ allowed: false, status: 403 });
  });
});

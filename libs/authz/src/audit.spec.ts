import { AppError, type Principal } from '#libs/contracts';
import { auditLogResource, auditLogRows, auditReadNeedsGrant } from './audit.js';
import { authorize } from './policy.js';
import type { GrantView } from './grant.js';

const CREATOR = '00000000-0000-4000-8000-00000000c001';
const AGENCY = '00000000-0000-4000-8000-00000000a001';
const NOW = new Date('2026-11-23T12:00:00Z');
const creator: Principal = { userId: CREATOR, kind: 'creator', orgId: null, orgKind: null, role: null };
const agency = (role: 'owner' | 'manager'): Principal => ({ userId: '00000000-0000-4000-8000-0000000000a1', kind: 'manager', orgId: AGENCY, orgKind: 'agency', role });
const grant: GrantView = { id: '00000000-0000-4000-8000-00000000e001', agencyId: AGENCY, creatorId: CREATOR, status: 'active', scopes: ['metrics:read'], expiresAt: null };

const read = (p: Principal, creatorId?: string, g?: GrantView | null) => {
  const resource = auditLogResource(p, creatorId, g);
  const decision = authorize(p, 'audit:read', resource, NOW);
  return decision.allowed ? { allowed: true, rows: auditLogRows(p, resource) } : { allowed: false, status: decision.status };
};

describe('who reads which audit log', () => {
  it('gives a creator everything done on their behalf, asked for by id or not', () => {
    expect(read(creator)).toEqual({ allowed: true, rows: { onBehalfOf: CREATOR } });
    expect(read(creator, CREATOR)).toEqual({ allowed: true, rows: { onBehalfOf: CREATOR } });
    expect(auditReadNeedsGrant(creator, CREATOR)).toBe(false);
  });

  it("gives an agency owner what concerns their agency in a creator's log, through a grant in force only", () => {
    expect(auditReadNeedsGrant(agency('owner'), CREATOR)).toBe(true);
    expect(read(agency('owner'), CREATOR, grant)).toEqual({ allowed: true, rows: { onBehalfOf: CREATOR, orgId: AGENCY } });
    expect(read(agency('owner'), CREATOR, null)).toEqual({ allowed: false, status: 404 });
    expect(read(agency('owner'), CREATOR, { ...grant, status: 'revoked' })).toEqual({ allowed: false, status: 404 });
    expect(read(agency('manager'), CREATOR, grant)).toEqual({ allowed: false, status: 403 });
  });

  it("gives an organization's admins their organization's log, and refuses callers with neither", () => {
    expect(read(agency('owner'))).toEqual({ allowed: true, rows: { orgId: AGENCY } });
    expect(read(agency('manager'))).toEqual({ allowed: false, status: 403 });
    const loner: Principal = { userId: '00000000-0000-4000-8000-0000000000f1', kind: 'manager', orgId: null, orgKind: null, role: null };
    expect(() => auditLogResource(loner, undefined)).toThrow(AppError);
  });

  it("refuses another creator's log as unknown", () => {
    const other: Principal = { ...creator, userId: '00000000-0000-4000-8000-00000000c002' };
    expect(read(other, CREATOR)).toEqual({ allowed: false, status: 404 });
  });
});

import type { GrantEventPayload } from '#libs/contracts';
import { inheritedAssignees, isOnRoster, nextMembership, type GrantEventKind, type MembershipState } from './membership.rules.js';

const grant = (over: Partial<GrantEventPayload> = {}): GrantEventPayload => ({
  grantId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  agencyId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  creatorId: '6f1c2b0e-3d4a-4b5c-8d9e-0a1b2c3d4e5f',
  status: 'active',
  scopes: ['campaigns:read', 'rates:write'],
  expiresAt: null,
  actorUserId: null,
  at: '2026-11-23T10:00:00.000Z',
  ...over,
});

function replay(events: [GrantEventKind, GrantEventPayload][]): MembershipState | null {
  return events.reduce<MembershipState | null>((state, [kind, e]) => nextMembership(state, kind, e), null);
}

const now = new Date('2026-11-30T00:00:00.000Z');

describe('roster projection of grants', () => {
  it('an activated grant puts the creator on the roster with its scopes, since activation', () => {
    const m = replay([['activated', grant()]])!;
    expect(isOnRoster(m, now)).toBe(true);
    expect(m).toMatchObject({ scopes: ['campaigns:read', 'rates:write'], since: new Date('2026-11-23T10:00:00.000Z') });
  });

  it('narrowed scopes replace the old ones; revocation takes the creator off', () => {
    const narrowed = replay([
      ['activated', grant()],
      ['scopes-changed', grant({ scopes: ['campaigns:read'], at: '2026-11-24T00:00:00.000Z' })],
    ])!;
    expect(narrowed.scopes).toEqual(['campaigns:read']);
    expect(narrowed.since).toEqual(new Date('2026-11-23T10:00:00.000Z'));
    const revoked = nextMembership(narrowed, 'revoked', grant({ status: 'revoked', scopes: ['campaigns:read'], at: '2026-11-25T00:00:00.000Z' }));
    expect(isOnRoster(revoked, now)).toBe(false);
  });

  it('a grant past its expiry is off the roster before the expired event arrives', () => {
    const m = replay([['activated', grant({ expiresAt: '2026-11-29T00:00:00.000Z' })]])!;
    expect(isOnRoster(m, new Date('2026-11-28T23:59:59.000Z'))).toBe(true);
    expect(isOnRoster(m, now)).toBe(false);
  });

  it('a revocation seen first leaves the grant ended (the older activation is not applied after it)', () => {
    const m = replay([['revoked', grant({ status: 'revoked', at: '2026-11-25T00:00:00.000Z' })]])!;
    expect(m.status).toBe('ended');
    expect(isOnRoster(m, now)).toBe(false);
  });

  it("a pair's new grant starts with the assignees its previous grant ended with; a first grant with none", () => {
    const previous = { grantId: grant().grantId, assigneeIds: ['a1', 'a2'] };
    expect(inheritedAssignees(previous, 'another-grant')).toEqual(['a1', 'a2']);
    expect(inheritedAssignees(null, 'another-grant')).toEqual([]);
    // The same grant is not its own predecessor (its row is updated in place instead).
    expect(inheritedAssignees(previous, previous.grantId)).toEqual([]);
  });
});

import { agencyRecipients, recipientsOf, type AudienceFacts } from './audience.rules.js';
import { grantNotices, offerNotices } from '../inbox/notice.rules.js';

const CREATOR = '00000000-0000-4000-8000-000000000001';
const BRAND = '00000000-0000-4000-8000-0000000000b1';
const AGENCY = '00000000-0000-4000-8000-0000000000a1';
const OTHER_AGENCY = '00000000-0000-4000-8000-0000000000a2';
const u = (n: number) => `00000000-0000-4000-8000-1000000000${String(n).padStart(2, '0')}`;

const opened = (actorUserId: string) =>
  offerNotices.opened({
    offerId: '00000000-0000-4000-8000-0000000000f1',
    creatorId: CREATOR,
    brandId: BRAND,
    occurredAt: '2026-12-01T10:00:00.000Z',
    actor: { side: 'brand', userId: actorUserId },
    version: 1,
    price: { amount: 150_000, currency: 'USD' },
    respondBy: '2026-12-08T10:00:00.000Z',
    brandName: 'Acme',
    campaignName: 'Spring',
  });

const facts = (assigneeIds: string[]): AudienceFacts => ({
  agencies: [{ agencyId: AGENCY, assigneeIds }],
  members: new Map([
    [AGENCY, [{ userId: u(1), role: 'owner' }, { userId: u(2), role: 'manager' }, { userId: u(3), role: 'viewer' }, { userId: u(4), role: 'manager' }]],
    [BRAND, [{ userId: u(10), role: 'owner' }, { userId: u(11), role: 'viewer' }]],
    [OTHER_AGENCY, [{ userId: u(20), role: 'owner' }]],
  ]),
});

describe('who hears of what', () => {
  it('an offer: the creator and the assigned manager, not the brand that sent it, nor another agency', () => {
    const to = recipientsOf(opened(u(10)), facts([u(4)]));
    expect(to.map((r) => [r.userId, r.audience, r.orgId])).toEqual([
      [CREATOR, 'self', null],
      [u(4), 'agency', AGENCY],
    ]);
    expect(to[0]!.link).toBe('/offers/00000000-0000-4000-8000-0000000000f1');
  });

  it('nobody assigned (or the assignee left the agency): every manager and up, never a viewer', () => {
    expect(agencyRecipients([], facts([]).members.get(AGENCY)!)).toEqual([u(1), u(2), u(4)]);
    expect(agencyRecipients([u(99)], facts([]).members.get(AGENCY)!)).toEqual([u(1), u(2), u(4)]);
  });

  it('a counter by the creator side goes to every brand member, and not to whoever made it', () => {
    const notice = offerNotices.proposed(
      { offerId: '00000000-0000-4000-8000-0000000000f1', creatorId: CREATOR, brandId: BRAND, occurredAt: '2026-12-01T10:00:00.000Z', actor: { side: 'creator', userId: u(4) }, version: 2, price: { amount: 1, currency: 'USD' } },
      null,
    );
    expect(recipientsOf(notice, facts([u(4)])).map((r) => [r.userId, r.audience])).toEqual([
      [u(10), 'org'],
      [u(11), 'org'],
    ]);
  });

  it('a revoked grant: the creator and the agency managers, by membership only (the grant is gone), on their own pages', () => {
    const notice = grantNotices.revoked({ grantId: '00000000-0000-4000-8000-0000000000c1', agencyId: AGENCY, creatorId: CREATOR, actorUserId: CREATOR, at: '2026-12-01T10:00:00.000Z' });
    expect(recipientsOf(notice, { agencies: [], members: facts([]).members }).map((r) => [r.userId, r.audience, r.link])).toEqual([
      [u(1), 'org', '/delegations'],
      [u(2), 'org', '/delegations'],
      [u(4), 'org', '/delegations'],
    ]);
  });

  it('one notice key per thing that happened, so a repeated event is the same notice', () => {
    expect(opened(u(10)).key).toBe(opened(u(10)).key);
    expect(opened(u(10)).key).toBe('offer.received:00000000-0000-4000-8000-0000000000f1');
  });
});

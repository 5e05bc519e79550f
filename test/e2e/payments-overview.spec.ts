import { jest } from '@jest/globals';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient, type GatewayResponse } from './support/http.js';
import { useStack } from './support/stack.js';
import { approveGrant, bearer, expectStatus, join, problemOf, requestGrant, ROOMY_LIMITS, signup, type Actor } from './security/support.js';
import { campaignBody, offerBody } from './security/route-matrix.js';

interface Row {
  id: string;
  offerId: string;
  campaign: { id: string; name: string | null };
  brand: { id: string; name: string | null };
  creator: { id: string; handle: string | null; displayName: string | null };
  seq: number;
  kind: string;
  name: string;
  amount: { amount: number; currency: string };
  dueAt: string | null;
  status: string;
  paidAt: string | null;
  split: { party: string; userId: string | null; amount: number }[];
}
interface Overview {
  items: Row[];
  totals: { currency: string; due: number; overdue: number; paidThisMonth: number }[];
  month: string;
  nextCursor: string | null;
}
interface NamedActor {
  side: 'brand' | 'creator';
  userId: string | null;
  name: string | null;
  organization: { id: string; name: string | null; kind: 'agency' | 'brand' } | null;
}
interface OfferView {
  status: string;
  cancellation: {
    requestedBy: NamedActor;
    reason: string;
    requestedAt: string;
    settlement: { stage: string; byStage: { stage: string; percentOwed: number; owed: { amount: number }; refundDue: { amount: number }; voidedPayments: number }[] };
  } | null;
}

/**
 * The payments overview and the pending cancellation through the gateway, with every service
 * running: who sees which payments (the brand its own, the creator their own, an agency the
 * creators whose grant lets it read their offers, nobody else anything), the totals, a payment
 * falling overdue by the sweep's clock (short interval here; the test polls, bounded by its
 * timeout), and the offer view naming who asked to cancel and what the settlement would be.
 */
describe('payments overview and pending cancellation, through the gateway', () => {
  jest.setTimeout(60_000);
  const stack = useStack({ env: { ...ROOMY_LIMITS, PAYMENT_OVERDUE_SWEEP_MS: '300' } });
  let api: GatewayClient;
  let owner: Actor;
  let viewer: Actor;
  /** Grants the agency campaigns:read and offers:negotiate. */
  let creator: Actor;
  /** Grants the agency metrics:read only: the agency does not read their offers. */
  let hidden: Actor;
  let brand: Actor;
  let otherAgency: Actor;
  let otherCreator: Actor;
  let otherBrand: Actor;
  const offers: Record<string, string> = {};

  const as = (who: Actor) => ({ headers: bearer(who) });
  const get = <T>(who: Actor, path: string) => api.get<T>(path, as(who));
  const post = <T>(who: Actor, path: string, json: unknown = {}) => api.post<T>(path, { ...as(who), json });
  const ok = <T>(res: GatewayResponse<T>, status = 200, what = '') => expectStatus(res, status, what).body;
  const overview = async (who: Actor, query = '') => ok(await get<Overview>(who, `/v1/payments${query}`), 200, 'overview');

  /** An offer of `from` to `to` with these payment terms, accepted by the creator in person. */
  async function acceptedOffer(from: Actor, to: Actor, price: number, paymentTerms: Record<string, unknown>): Promise<string> {
    const campaign = ok(await post<{ id: string }>(from, '/v1/campaigns', campaignBody()), 201, 'campaign');
    const body = { ...offerBody(to.user.id), price: { amount: price, currency: 'USD' }, terms: { paymentTerms } };
    // Campaigns learns of a new creator from identity's sign-up event; negotiation opens the offer as campaigns sends it.
    const offer = await eventually(async () => {
      const res = await post<{ id: string }>(from, `/v1/campaigns/${campaign.id}/offers`, body);
      return res.status === 201 ? res.body : null;
    }, 15_000);
    await eventually(async () => (await post(to, `/v1/offers/${offer.id}/accept`, { version: 1 })).status === 200, 10_000);
    return offer.id;
  }
  const bothSign = async (offerId: string, brandSide: Actor, creatorSide: Actor) => {
    ok(await post(creatorSide, `/v1/offers/${offerId}/contract/sign`), 200, 'creator signs');
    ok(await post(brandSide, `/v1/offers/${offerId}/contract/sign`), 200, 'brand signs');
  };
  const offersIn = (o: Overview) => [...new Set(o.items.map((r) => r.offerId))].sort();

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    owner = await signup(api, 'manager', { org: 'Ledger Talent' });
    viewer = await join(api, owner, await signup(api, 'manager'), 'viewer');
    creator = await signup(api, 'creator', { name: 'Casey Creator' });
    hidden = await signup(api, 'creator');
    brand = await signup(api, 'brand', { org: 'Fizz Co', name: 'Bea Brand' });
    otherAgency = await signup(api, 'manager', { org: 'Elsewhere Talent' });
    otherCreator = await signup(api, 'creator');
    otherBrand = await signup(api, 'brand', { org: 'Elsewhere Co' });
    await approveGrant(api, creator, (await requestGrant(api, owner, creator, ['campaigns:read', 'offers:negotiate'])).id);
    await approveGrant(api, hidden, (await requestGrant(api, owner, hidden, ['metrics:read'])).id);
    await approveGrant(api, otherCreator, (await requestGrant(api, otherAgency, otherCreator, ['campaigns:read'])).id);

    const terms = { upfrontPercent: 30, netDays: 30, milestones: [] };
    offers.creator = await acceptedOffer(brand, creator, 100_000, terms);
    offers.private = await acceptedOffer(brand, hidden, 50_000, terms);
    offers.other = await acceptedOffer(otherBrand, otherCreator, 70_000, terms);
    // Negotiation follows the grants from identity's events.
    await eventually(async () => offersIn(await overview(viewer)).length === 1, 15_000);
  }, 180_000);

  it('each caller sees exactly the payments of their own deals, named and split; nobody else sees them', async () => {
    const agencys = await overview(viewer);
    expect(offersIn(agencys)).toEqual([offers.creator]);
    expect(agencys.items.map((r) => [r.kind, r.amount.amount, r.status])).toEqual([
      ['upfront', 30_000, 'scheduled'],
      ['balance', 70_000, 'scheduled'],
    ]);
    expect(agencys.items[0]).toMatchObject({
      campaign: { name: 'Matrix campaign' },
      brand: { id: brand.organization!.id, name: 'Fizz Co' },
      creator: { id: creator.user.id, handle: creator.user.handle, displayName: 'Casey Creator' },
      name: expect.any(String),
      dueAt: null,
      split: [{ party: 'creator', userId: creator.user.id, amount: 30_000 }],
    });

    expect(offersIn(await overview(creator))).toEqual([offers.creator]);
    expect(offersIn(await overview(hidden))).toEqual([offers.private]);
    expect(offersIn(await overview(brand))).toEqual([offers.creator, offers.private].sort());
    // The other tenants see their own deal and nothing of this one.
    for (const who of [otherAgency, otherBrand, otherCreator]) {
      const theirs = await overview(who);
      expect(offersIn(theirs)).toEqual([offers.other]);
      expect(JSON.stringify(theirs)).not.toContain(creator.user.id);
      expect(JSON.stringify(theirs)).not.toContain(brand.organization!.id);
    }
  });

  it('filters by creator and status and pages in schedule order; a creator outside the caller\'s deals is 404, a bad status 400', async () => {
    const mine = await overview(brand, `?creatorId=${creator.user.id}`);
    expect(offersIn(mine)).toEqual([offers.creator]);
    expect((await overview(brand, `?status=paid`)).items).toEqual([]);
    expect((await overview(brand, `?status=scheduled`)).items).toHaveLength(4);

    const first = await overview(brand, '?limit=3');
    expect(first.items).toHaveLength(3);
    const second = await overview(brand, `?limit=3&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((r) => r.id)).size).toBe(4);
    // Newest deal first; within a deal, the schedule's order.
    for (const offerId of offersIn(mine)) expect(all.filter((r) => r.offerId === offerId).map((r) => r.seq)).toEqual([1, 2]);

    for (const [who, creatorId] of [
      [otherAgency, creator.user.id],
      [otherBrand, creator.user.id],
      [otherCreator, creator.user.id],
      [viewer, hidden.user.id],
      [creator, hidden.user.id],
    ] as const) {
      problemOf(await get(who, `/v1/payments?creatorId=${creatorId}`), 404);
    }
    problemOf(await get(brand, '/v1/payments?status=late'), 400);
    problemOf(await api.get('/v1/payments'), 401);
  });

  it('a payment falls overdue by the clock and the totals show it; paid this month once paid', async () => {
    // netDays 0: the upfront share is due the moment the second party signs, and overdue just after.
    const offerId = await acceptedOffer(brand, creator, 100_000, { upfrontPercent: 40, netDays: 0, milestones: [] });
    await bothSign(offerId, brand, creator);
    const overdue = await eventually(async () => {
      const page = await overview(viewer, `?status=overdue&creatorId=${creator.user.id}`);
      return page.items.length ? page : null;
    }, 30_000, 200);
    expect(overdue.items.map((r) => [r.offerId, r.kind, r.amount.amount])).toEqual([[offerId, 'upfront', 40_000]]);
    expect(overdue.totals).toEqual([{ currency: 'USD', due: 0, overdue: 40_000, paidThisMonth: 0 }]);
    // The totals ignore the status filter and the page: the brand's also count the other creator's (none owed yet).
    expect((await overview(brand, '?limit=1')).totals).toEqual([{ currency: 'USD', due: 0, overdue: 40_000, paidThisMonth: 0 }]);

    const upfront = overdue.items[0]!;
    const paid = ok(await post<{ paidAt: string }>(brand, `/v1/payments/${upfront.id}/paid`, { reference: 'WIRE-1' }), 200, 'paid');
    const after = await overview(creator);
    expect(after.items.find((r) => r.id === upfront.id)).toMatchObject({ status: 'paid', paidAt: paid.paidAt });
    expect(after.totals).toEqual([{ currency: 'USD', due: 0, overdue: 0, paidThisMonth: paid.paidAt.slice(0, 7) === after.month ? 40_000 : 0 }]);
  });

  it('the offer names who asked to cancel, why and when, and the settlement at each stage; both sides read it', async () => {
    const offerId = offers.creator!;
    ok(await post(brand, `/v1/offers/${offerId}/cancellation`, { reason: 'Launch moved' }), 201, 'request');
    for (const who of [viewer, creator, brand]) {
      const view = ok(await get<OfferView>(who, `/v1/offers/${offerId}`));
      expect(view.status).toBe('cancellation_requested');
      expect(view.cancellation).toMatchObject({
        requestedBy: { side: 'brand', userId: brand.user.id, name: 'Bea Brand', organization: { id: brand.organization!.id, kind: 'brand', name: 'Fizz Co' } },
        reason: 'Launch moved',
        requestedAt: expect.any(String),
      });
      // Asked by the brand before any draft: nothing owed now; 10 % after a draft; all after approval.
      expect(view.cancellation!.settlement).toEqual({
        stage: 'before_submission',
        byStage: [
          { stage: 'before_submission', percentOwed: 0, owed: { amount: 0, currency: 'USD' }, refundDue: { amount: 0, currency: 'USD' }, voidedPayments: 2 },
          { stage: 'after_submission', percentOwed: 10, owed: { amount: 10_000, currency: 'USD' }, refundDue: { amount: 0, currency: 'USD' }, voidedPayments: 2 },
          { stage: 'after_approval', percentOwed: 100, owed: { amount: 100_000, currency: 'USD' }, refundDue: { amount: 0, currency: 'USD' }, voidedPayments: 0 },
        ],
      });
    }
    problemOf(await get(otherAgency, `/v1/offers/${offerId}`), 404);

    // Asked by the agency for the creator: the organization is the agency, named.
    ok(await post(creator, `/v1/offers/${offerId}/cancellation/decline`, { reason: 'Keep going' }), 200, 'decline');
    expect(ok(await get<OfferView>(brand, `/v1/offers/${offerId}`)).cancellation).toBeNull();
    ok(await post(owner, `/v1/offers/${offerId}/cancellation`, { reason: 'Creator is ill' }), 201, 'agency asks');
    const view = ok(await get<OfferView>(brand, `/v1/offers/${offerId}`));
    expect(view.cancellation!.requestedBy).toEqual({ side: 'creator', userId: owner.user.id, name: owner.user.name, organization: { id: owner.organization!.id, kind: 'agency', name: 'Ledger Talent' } });
    expect(view.cancellation!.settlement.byStage.map((s) => s.percentOwed)).toEqual([0, 0, 100]);
  });
});

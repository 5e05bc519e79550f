import { jest } from '@jest/globals';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { dealsWorld, sendOffer } from './support/offers.js';
import { useStack } from './support/stack.js';
import { bearer, expectStatus, problemOf, ROOMY_LIMITS, type Actor } from './security/support.js';

interface Deal {
  offerId: string;
  campaign: { id: string; name: string };
  brand: { id: string; name: string };
  creator: { id: string; handle: string | null; displayName: string | null };
  price: { amount: number; currency: string };
  status: string;
  turn: string | null;
  nextDeadline: { kind: string; at: string } | null;
  overdue: boolean;
  assignees: { userId: string; name: string | null }[];
}
interface DealsPage {
  items: Deal[];
  counts: { pending: number; active: number; completed: number; inactive: number; needsMe: number; overdue: number };
  nextCursor: string | null;
}

/**
 * The deals inbox through the gateway with every service running: an agency sees the offers of
 * every creator it holds campaigns:read for, across brands, with whose move it is; a brand sees
 * only its own; another agency sees nothing.
 */
describe('GET /v1/deals', () => {
  jest.setTimeout(60_000);
  const stack = useStack({ env: ROOMY_LIMITS });
  let api: GatewayClient;
  let owner: Actor;
  let manager: Actor;
  let otherAgency: Actor;
  let glow: Actor;
  let bolt: Actor;
  let creators: Actor[];
  /** Offer ids: glow's to each creator, then bolt's to the first. */
  const offers: { glow: string[]; bolt: string } = { glow: [], bolt: '' };

  const deals = async (who: Actor, qs = '') => expectStatus(await api.get<DealsPage>(`/v1/deals${qs}`, { headers: bearer(who) }), 200, `deals${qs}`).body;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    ({ owner, manager, otherAgency, glow, bolt, creators } = await dealsWorld(api, { glow: 'Glow Labs', creators: ['Mia Moreno', 'Kai Ito', 'Lena Berg'] }));
    for (const [i, c] of creators.entries()) offers.glow.push(await sendOffer(api, glow, `Spring glow ${i}`, c));
    offers.bolt = await sendOffer(api, bolt, 'Bolt summer', creators[0]!);
    // Roster learns of the grant from identity's event; then the owner assigns the manager to the first creator.
    await eventually(async () => {
      const res = await api.request('PUT', `/v1/roster/${creators[0]!.user.id}/assignees`, { headers: bearer(owner), json: { managerIds: [manager.user.id] } });
      return res.status === 200;
    }, 15_000);
  }, 180_000);

  it("lists every offer of the agency's creators across brands, with names, counts per tab and the creator side's turn", async () => {
    const page = await eventually(async () => {
      const p = await deals(manager);
      return p.items.length === 4 && p.items.every((d) => d.creator.handle) ? p : undefined;
    }, 15_000);
    expect(new Set(page.items.map((d) => d.creator.id))).toEqual(new Set(creators.map((c) => c.user.id)));
    expect(page.counts).toEqual({ pending: 4, active: 0, completed: 0, inactive: 0, needsMe: 4, overdue: 0 });
    const bolts = page.items.find((d) => d.offerId === offers.bolt)!;
    expect(bolts).toMatchObject({
      campaign: { name: 'Bolt summer' },
      brand: { id: bolt.organization!.id, name: 'Bolt Drinks' },
      creator: { id: creators[0]!.user.id, handle: creators[0]!.user.handle, displayName: 'Mia Moreno' },
      price: { amount: 100_000, currency: 'USD' },
      status: 'awaiting_response',
      turn: 'creator_side',
      overdue: false,
    });
    expect(bolts.nextDeadline?.kind).toBe('respond_by');
    // Newest first.
    expect(page.items.map((d) => d.offerId)).toEqual([offers.bolt, ...[...offers.glow].reverse()]);
  });

  it('moves the turn to the brand after a counter: needs=me, needs=counterparty and the brand’s needs=me follow', async () => {
    const offerId = offers.glow[1]!;
    const offer = expectStatus(await api.get<{ currentTerms: Record<string, unknown> }>(`/v1/offers/${offerId}`, { headers: bearer(manager) }), 200).body;
    const counter = { ...offer.currentTerms, price: { amount: 140_000, currency: 'USD' } };
    expectStatus(await api.post(`/v1/offers/${offerId}/proposals`, { headers: bearer(manager), json: { baseVersion: 1, terms: counter } }), 201, 'counter');

    const after = await eventually(async () => {
      const p = await deals(manager);
      return p.items.find((d) => d.offerId === offerId)?.turn === 'brand' ? p : undefined;
    }, 15_000);
    expect(after.items.find((d) => d.offerId === offerId)).toMatchObject({ status: 'changes_proposed', price: { amount: 140_000, currency: 'USD' } });
    expect(after.counts).toMatchObject({ pending: 4, needsMe: 3 });

    const mine = await deals(manager, '?needs=me');
    expect(mine.items.map((d) => d.offerId).sort()).toEqual([offers.glow[0]!, offers.glow[2]!, offers.bolt].sort());
    expect((await deals(manager, '?needs=counterparty')).items.map((d) => d.offerId)).toEqual([offerId]);

    const brandSide = await deals(glow, '?needs=me');
    expect(brandSide.items.map((d) => d.offerId)).toEqual([offerId]);
    expect(brandSide.counts.needsMe).toBe(1);
  });

  it('assignee=me keeps the creators assigned to the caller; other filters narrow by creator, brand and text', async () => {
    const assigned = await deals(manager, '?assignee=me');
    expect(assigned.items.map((d) => d.offerId).sort()).toEqual([offers.glow[0]!, offers.bolt].sort());
    expect(assigned.items.every((d) => d.assignees.some((a) => a.userId === manager.user.id))).toBe(true);
    expect(assigned.counts.pending).toBe(2);
    // Every member reads who manages the creator by name, not only those who may list the members.
    const named = await deals(owner, `?assignee=${manager.user.id}`);
    expect(named.items[0]!.assignees).toEqual([{ userId: manager.user.id, name: 'Sam Manager' }]);
    expect(assigned.items[0]!.assignees).toEqual([{ userId: manager.user.id, name: 'Sam Manager' }]);

    expect((await deals(manager, `?creatorId=${creators[2]!.user.id}`)).items.map((d) => d.offerId)).toEqual([offers.glow[2]!]);
    expect((await deals(manager, `?brandId=${bolt.organization!.id}`)).items.map((d) => d.offerId)).toEqual([offers.bolt]);
    expect((await deals(manager, '?q=bolt')).items.map((d) => d.offerId)).toEqual([offers.bolt]);
    expect((await deals(manager, '?q=kai')).items.map((d) => d.offerId)).toEqual([offers.glow[1]!]);
  });

  it('pages with a cursor through every deal exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: DealsPage = await deals(manager, `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...p.items.map((d) => d.offerId));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...offers.glow, offers.bolt].sort());
  });

  it('counts a withdrawn offer in the inactive tab', async () => {
    expectStatus(await api.post(`/v1/offers/${offers.glow[2]!}/withdraw`, { headers: bearer(glow) }), 200, 'withdraw');
    const page = await eventually(async () => {
      const p = await deals(manager);
      return p.counts.inactive === 1 ? p : undefined;
    }, 15_000);
    expect(page.counts).toEqual({ pending: 3, active: 0, completed: 0, inactive: 1, needsMe: 2, overdue: 0 });
    const inactive = await deals(manager, '?tab=inactive');
    expect(inactive.items).toEqual([expect.objectContaining({ offerId: offers.glow[2]!, status: 'withdrawn', turn: null, nextDeadline: null })]);
  });

  it('shows another agency nothing, a brand only its own offers, and refuses creators', async () => {
    expect(await deals(otherAgency)).toEqual({ items: [], counts: { pending: 0, active: 0, completed: 0, inactive: 0, needsMe: 0, overdue: 0 }, nextCursor: null });
    const bolts = await deals(bolt);
    expect(bolts.items.map((d) => d.offerId)).toEqual([offers.bolt]);
    expect(bolts.items[0]!.assignees).toEqual([]);
    expect(bolts.counts.pending).toBe(1);
    const glows = await deals(glow);
    expect(glows.items.map((d) => d.offerId).sort()).toEqual([...offers.glow].sort());
    problemOf(await api.get('/v1/deals', { headers: bearer(creators[0]!) }), 403);
    problemOf(await api.get('/v1/deals?assignee=me', { headers: bearer(glow) }), 422);
    problemOf(await api.get('/v1/deals?needs=everyone', { headers: bearer(manager) }), 400);
  });

  it('names campaign, brand and creator on the offer, with its brief, respond-by and the rate-card comparison', async () => {
    const offer = expectStatus(await api.get<Record<string, unknown>>(`/v1/offers/${offers.bolt}`, { headers: bearer(manager) }), 200).body;
    expect(offer).toMatchObject({
      campaign: { name: 'Bolt summer', brief: 'Brief of Bolt summer' },
      brand: { id: bolt.organization!.id, name: 'Bolt Drinks' },
      creator: { id: creators[0]!.user.id, handle: creators[0]!.user.handle, displayName: 'Mia Moreno' },
      belowRateCard: null,
      rateCardPrice: null,
      reviewDeadline: null,
    });
    expect(Date.parse(offer.respondBy as string)).toBeGreaterThan(Date.now());
    // A settled offer has no answer deadline left.
    expect((await api.get<Record<string, unknown>>(`/v1/offers/${offers.glow[2]!}`, { headers: bearer(glow) })).body.respondBy).toBeNull();
  });

  it('exports every matching deal as CSV: a header and one row per deal', async () => {
    const res = await api.get('/v1/deals', { headers: { ...bearer(manager), accept: 'text/csv' } });
    expectStatus(res, 200, 'csv');
    expect(res.contentType).toBe('text/csv');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Campaign,Brand,Creator,Handle,Price,Currency,Status,Work,Whose move,Next deadline,Deadline at,Overdue,Below rate card,Managers,Sent at');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['Bolt summer', 'Spring glow 0', 'Spring glow 1', 'Spring glow 2']);
    const pending = (await api.get('/v1/deals?tab=pending', { headers: { ...bearer(manager), accept: 'text/csv' } })).text.trimEnd().split('\r\n');
    expect(pending).toHaveLength(1 + 3);
  });
});

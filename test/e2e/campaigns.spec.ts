import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { approveGrant, bearer, expectStatus, join, problemOf, query, requestGrant, ROOMY_LIMITS, signup, type Actor } from './security/support.js';

interface Offer {
  id: string;
  status: string;
  tab: string;
  version: number;
  respondBy: string;
  belowRateCard: boolean | null;
  rateCardPrice: { amount: number; currency: string } | null;
}
interface TabPage {
  items: { offerId: string; campaignName: string; brand: { id: string; name: string }; status: string; nextDeadline: string | null; belowRateCard: boolean | null }[];
  nextCursor: string | null;
}

/**
 * Campaigns through the gateway with every service running: a brand runs a campaign and sends
 * an offer (negotiation opens it); the creator and the agency they granted campaigns:read see it
 * in the pending tab within moments; withdrawal and expiry move it to inactive; the creator's
 * audit log records it.
 */
describe('campaigns and offers through the gateway', () => {
  // Expiry is recorded by negotiation's sweep: often here, so the test waits on the deadline only.
  const stack = useStack({ env: { ...ROOMY_LIMITS, OFFER_EXPIRY_SWEEP_MS: '500' } });
  let api: GatewayClient;
  let brand: Actor;
  let creator: Actor;
  let agencyOwner: Actor;
  let agencyViewer: Actor;
  let otherAgency: Actor;
  let campaignId: string;
  const day = 86_400_000;

  const campaign = () => ({
    name: 'Spring glow launch',
    brief: 'Show the serum in a morning routine.',
    budget: { amount: 5_000_000, currency: 'USD' },
    startsAt: new Date(Date.now() + day).toISOString(),
    endsAt: new Date(Date.now() + 60 * day).toISOString(),
    deliverables: [{ type: 'video', quantity: 2, dueAt: new Date(Date.now() + 30 * day).toISOString() }],
  });
  const offer = (extra: Record<string, unknown> = {}) => ({
    creatorId: creator.user.id,
    price: { amount: 250_000, currency: 'USD' },
    deliverables: [{ type: 'video', quantity: 2, dueAt: new Date(Date.now() + 30 * day).toISOString() }],
    ...extra,
  });
  const tab = (who: Actor, name: string) => api.get<TabPage>(`/v1/creators/${creator.user.id}/campaigns?tab=${name}`, { headers: bearer(who) });
  /** Sends an offer once campaigns has heard of the new creator (identity's sign-up event). */
  const send = (body: Record<string, unknown>, campaign = campaignId) =>
    eventually(async () => {
      const res = await api.post<Offer>(`/v1/campaigns/${campaign}/offers`, { headers: bearer(brand), json: body });
      return res.status === 422 ? undefined : res;
    });

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    [brand, creator, agencyOwner, otherAgency] = await Promise.all([
      signup(api, 'brand', { org: 'Glow Labs' }),
      signup(api, 'creator'),
      signup(api, 'manager', { org: 'Northwind Talent' }),
      signup(api, 'manager', { org: 'Elsewhere Talent' }),
    ]);
    agencyViewer = await join(api, agencyOwner, await signup(api, 'manager'), 'viewer');
    await approveGrant(api, creator, (await requestGrant(api, agencyOwner, creator, ['campaigns:read', 'metrics:read'])).id);
    await approveGrant(api, creator, (await requestGrant(api, otherAgency, creator, ['metrics:read'])).id);
  }, 120_000);

  it('creates a campaign, with field errors for a bad one', async () => {
    const bad = await api.post('/v1/campaigns', { headers: bearer(brand), json: { ...campaign(), endsAt: new Date(Date.now() - day).toISOString(), budget: { amount: 100, currency: 'XYZ' } } });
    const problem = problemOf(bad, 400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['budget.currency', 'endsAt']);
    const res = expectStatus(await api.post<{ id: string; brand: { name: string } }>('/v1/campaigns', { headers: bearer(brand), json: campaign() }), 201);
    expect(res.body.brand.name).toBe('Glow Labs');
    campaignId = res.body.id;
  });

  it("shows a sent offer in the creator's and the granted agency's pending tabs within moments, not to an agency without campaigns:read", async () => {
    const res = expectStatus(await send(offer()), 201);
    expect(res.body).toMatchObject({ status: 'awaiting_response', version: 1, belowRateCard: null, rateCardPrice: null });
    for (const who of [creator, agencyViewer]) {
      // The tabs are campaigns' projection of negotiation's events, and the agency's grant reaches
      // campaigns' own copy within moments of the approval: both follow the 201 closely.
      const pending = await eventually(async () => {
        const res = await tab(who, 'pending');
        return res.status === 200 && res.body.items.length > 0 ? res.body : undefined;
      });
      expect(pending.items).toEqual([
        expect.objectContaining({ offerId: res.body.id, campaignName: 'Spring glow launch', brand: { id: brand.organization!.id, name: 'Glow Labs' }, status: 'awaiting_response', nextDeadline: res.body.respondBy }),
      ]);
    }
    problemOf(await tab(otherAgency, 'pending'), 403);
    problemOf(await api.post(`/v1/campaigns/${campaignId}/offers`, { headers: bearer(brand), json: offer() }), 409);

    const counts = async () => expectStatus(await api.get<{ items: { id: string; counts: Record<string, number> }[] }>('/v1/campaigns', { headers: bearer(brand) }), 200).body.items.find((c) => c.id === campaignId)?.counts;
    await eventually(async () => (await counts())?.pending === 1);
    expect(await counts()).toEqual({ pending: 1, active: 0, completed: 0, inactive: 0 });

    // The creator's audit log records the offer, as an action of the brand.
    const audit = await eventually(async () => {
      const page = expectStatus(await api.get<{ items: { action: string; target: { id: string } }[] }>(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(creator) }), 200);
      return page.body.items.find((e) => e.action === 'offer.sent' && e.target.id === res.body.id);
    });
    expect(audit).toBeDefined();
  });

  it('moves a withdrawn offer to the inactive tab; withdrawing again is a 409', async () => {
    const [row] = expectStatus(await tab(creator, 'pending'), 200).body.items;
    const withdrawn = expectStatus(await api.post<Offer>(`/v1/offers/${row!.offerId}/withdraw`, { headers: bearer(brand) }), 200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', tab: 'inactive' });
    await eventually(async () => expectStatus(await tab(creator, 'pending'), 200).body.items.length === 0);
    expect(expectStatus(await tab(agencyViewer, 'inactive'), 200).body.items).toEqual([expect.objectContaining({ offerId: row!.offerId, status: 'withdrawn' })]);
    expect(problemOf(await api.post(`/v1/offers/${row!.offerId}/withdraw`, { headers: bearer(brand) }), 409).detail).toContain('withdrawn');
  });

  it('moves an offer past its respond-by date to the inactive tab as expired', async () => {
    // A deadline a few seconds out (room for a busy machine), then nothing but time passes.
    const respondBy = new Date(Date.now() + 4000).toISOString();
    const sent = expectStatus(await send(offer({ respondBy })), 201);
    await eventually(async () => expectStatus(await tab(creator, 'inactive'), 200).body.items.some((r) => r.offerId === sent.body.id && r.status === 'expired'), 20_000, 250);
    expect(expectStatus(await tab(creator, 'pending'), 200).body.items).toEqual([]);
  }, 30_000);

  it("flags an offer under the creator's rate card, and the creator card shows the campaign counts", async () => {
    const rates = { items: [{ deliverable: 'video', price: { amount: 150_000, currency: 'USD' } }], version: 0 };
    expectStatus(await api.request('PUT', `/v1/creators/${creator.user.id}/rates`, { headers: bearer(creator), json: rates }), 200, 'rates');
    // Campaigns keeps its own copy of the card, fed by roster's event; it never asks roster.
    await eventually(async () => (await query(stack().db.url, 'select 1 from campaigns.rate_cards where creator_id = $1', [creator.user.id])).length === 1);
    const other = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { headers: bearer(brand), json: campaign() }), 201).body;
    const sent = expectStatus(await send(offer(), other.id), 201).body;
    expect(sent).toMatchObject({ belowRateCard: true, rateCardPrice: { amount: 300_000, currency: 'USD' } });
    const [row] = await eventually(async () => {
      const items = expectStatus(await tab(creator, 'pending'), 200).body.items;
      return items.length ? items : undefined;
    });
    expect(row).toMatchObject({ offerId: sent.id, belowRateCard: true });

    // Withdrawn earlier, expired earlier, and this one pending.
    for (const who of [creator, agencyViewer]) {
      const card = expectStatus(await api.get<{ campaigns: unknown; degraded: string[] }>(`/v1/creators/${creator.user.id}/card`, { headers: bearer(who) }), 200).body;
      expect(card.campaigns).toEqual({ pending: 1, active: 0, completed: 0, inactive: 2 });
      expect(card.degraded).not.toContain('campaigns');
    }
  });

  it('judges every version against the card the offer was sent with, so a counter under it is flagged for both sides', async () => {
    // The card from the test above: $1,500.00 a video.
    const other = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { headers: bearer(brand), json: campaign() }), 201).body;
    const sent = expectStatus(await send(offer({ price: { amount: 300_000, currency: 'USD' } }), other.id), 201).body;
    expect(sent).toMatchObject({ belowRateCard: false, rateCardPrice: { amount: 300_000, currency: 'USD' } });
    type Terms = { price: { amount: number; currency: string }; deliverables: { type: string; quantity: number; dueAt: string }[] } & Record<string, unknown>;
    const read = async (who: Actor) => expectStatus(await api.get<{ currentTerms: Terms; currentVersion: number; belowRateCard: boolean | null; rateCardPrice: unknown }>(`/v1/offers/${sent.id}`, { headers: bearer(who) }), 200).body;
    const propose = async (who: Actor, change: (t: Terms) => Terms) => {
      const now = await read(who);
      expectStatus(await api.post(`/v1/offers/${sent.id}/proposals`, { headers: bearer(who), json: { baseVersion: now.currentVersion, terms: change(now.currentTerms) } }), 201, 'proposal');
    };
    await propose(creator, (t) => ({ ...t, price: { amount: 350_000, currency: 'USD' } }));
    // The brand asks for a third video for $4,000.00: the card asks $4,500.00 for three.
    await propose(brand, (t) => ({ ...t, price: { amount: 400_000, currency: 'USD' }, deliverables: [{ ...t.deliverables[0]!, quantity: 3 }] }));
    for (const who of [creator, brand]) {
      expect(await read(who)).toMatchObject({ currentVersion: 3, belowRateCard: true, rateCardPrice: { amount: 450_000, currency: 'USD' } });
      const versions = expectStatus(await api.get<{ items: { version: number; belowRateCard: boolean | null; rateCardPrice: { amount: number } | null }[] }>(`/v1/offers/${sent.id}/versions`, { headers: bearer(who) }), 200).body.items;
      expect(versions.map((v) => [v.version, v.belowRateCard, v.rateCardPrice?.amount])).toEqual(expect.arrayContaining([[1, false, 300_000], [2, false, 300_000], [3, true, 450_000]]));
    }
  });

  it('refuses an offer priced in another currency than the budget (422 naming both)', async () => {
    const other = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { headers: bearer(brand), json: campaign() }), 201).body;
    const euros = problemOf(await api.post(`/v1/campaigns/${other.id}/offers`, { headers: bearer(brand), json: offer({ price: { amount: 250_000, currency: 'EUR' } }) }), 422);
    expect(euros.detail).toBe('The price is in EUR but the campaign budget is in USD');
  });

  it("keeps brands out of each other's campaigns and creators out of brand routes", async () => {
    const otherBrand = await signup(api, 'brand', { org: 'Other Brand' });
    problemOf(await api.get(`/v1/campaigns/${campaignId}`, { headers: bearer(otherBrand) }), 404);
    problemOf(await api.post(`/v1/campaigns/${campaignId}/offers`, { headers: bearer(otherBrand), json: offer() }), 404);
    problemOf(await api.post('/v1/campaigns', { headers: bearer(creator), json: campaign() }), 403);
    problemOf(await api.get(`/v1/creators/${creator.user.id}/campaigns?tab=pending`, { headers: bearer(otherBrand) }), 404);
  });
});

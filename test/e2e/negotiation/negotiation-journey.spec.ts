import { connect, type NatsConnection } from '@nats-io/transport-node';
import { campaignsContracts as cc, type Principal } from '#libs/contracts';
import { OutboxRelay, RequestClient } from '#libs/messaging';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from '../support/http.js';
import { useStack } from '../support/stack.js';
import { approveGrant, bearer, expectStatus, join, outboxDrained, requestGrant, ROOMY_LIMITS, signup, type Actor } from '../security/support.js';
import { principalOfToken, sendOfferThroughCampaigns } from './campaigns-offer.js';

/**
 * Negotiation and creative feedback through the gateway, with every service running: what the
 * brand, the creator and the creator's agency see over HTTP, and what campaigns shows for the
 * offer. Offers are sent through campaigns' own subjects.
 */
describe('negotiation through the gateway (whole platform)', () => {
  const stack = useStack({ env: ROOMY_LIMITS });
  let api: GatewayClient;
  let nc: NatsConnection;
  let campaigns: RequestClient;
  let brand: Actor;
  let creator: Actor;
  let manager: Actor;
  let brandPrincipal: Principal;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    nc = await connect({ servers: stack().nats.url });
    campaigns = new RequestClient(nc, 10_000);
    const owner = await signup(api, 'manager', { org: 'Agency' });
    [brand, creator, manager] = await Promise.all([signup(api, 'brand', { org: 'Brand' }), signup(api, 'creator'), signup(api, 'manager')]);
    manager = await join(api, owner, manager, 'manager');
    await approveGrant(api, creator, (await requestGrant(api, owner, creator, ['campaigns:read', 'offers:negotiate', 'feedback:write'])).id);
    brandPrincipal = principalOfToken(brand.accessToken);
  }, 120_000);
  afterAll(async () => nc?.close());

  const as = (actor: Actor) => ({ headers: bearer(actor) });
  const post = <T = Record<string, unknown>>(actor: Actor, path: string, json: unknown) => api.post<T>(path, { ...as(actor), json });

  async function newOffer(opts: { price?: number } = {}) {
    const { offerId } = await sendOfferThroughCampaigns(campaigns, brandPrincipal, creator.user.id, opts);
    await eventually(async () => (await api.get(`/v1/offers/${offerId}`, as(manager))).status === 200, 15_000);
    return offerId;
  }

  /** The offer as campaigns shows it to the brand (status and tab). */
  const inCampaigns = (offerId: string) => campaigns.request(cc.offersGet, { offerId }, { principal: brandPrincipal });
  const campaignsReaches = (offerId: string, status: string) =>
    eventually(async () => {
      const o = await inCampaigns(offerId);
      return o.status === status ? o : null;
    }, 15_000);

  it('offer → manager counters → brand counters → manager accepts → active → drafts, changes, approval → completed', async () => {
    const offerId = await newOffer();
    const offer = expectStatus(await api.get<{ currentTerms: Record<string, unknown>; currentVersion: number }>(`/v1/offers/${offerId}`, as(manager)), 200).body;
    expect(offer.currentVersion).toBe(1);

    const counter = { ...offer.currentTerms, price: { amount: 320_000, currency: 'USD' } };
    expect(expectStatus(await post(manager, `/v1/offers/${offerId}/proposals`, { baseVersion: 1, terms: counter, comment: 'Rate card' }), 201).body).toMatchObject({ version: 2 });
    await campaignsReaches(offerId, 'changes_proposed');
    const brandCounter = { ...counter, price: { amount: 300_000, currency: 'USD' } };
    expect(expectStatus(await post(brand, `/v1/offers/${offerId}/proposals`, { baseVersion: 2, terms: brandCounter }), 201).body).toMatchObject({ version: 3 });
    const stale = await post(manager, `/v1/offers/${offerId}/proposals`, { baseVersion: 2, terms: counter });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ errors: [{ path: 'baseVersion', message: 'Current version is 3' }] });

    const accepted = expectStatus(await post<{ status: string; contract: { termsHash: string } }>(manager, `/v1/offers/${offerId}/accept`, { version: 3 }), 200).body;
    expect(accepted.status).toBe('accepted');
    expect(accepted.contract.termsHash).toMatch(/^[0-9a-f]{64}$/);
    const active = await campaignsReaches(offerId, 'accepted');
    expect(active).toMatchObject({ tab: 'active', price: { amount: 300_000, currency: 'USD' }, version: 3 });
    const diff = expectStatus(await api.get<{ changes: { fields: { field: string }[] } }>(`/v1/offers/${offerId}/versions?compare=1..3`, as(creator)), 200).body;
    expect(diff.changes.fields.map((f) => f.field)).toEqual(['price.amount']);

    const draft = { deliverable: 'video', url: 'https://cdn.example.com/draft-1.mp4', caption: 'Draft one' };
    const first = expectStatus(await post<{ id: string }>(manager, `/v1/offers/${offerId}/submissions`, draft), 201).body;
    await campaignsReaches(offerId, 'content_submitted');
    expectStatus(await post(brand, `/v1/offers/${offerId}/submissions/${first.id}/review`, { decision: 'request_changes', comments: 'Show the label' }), 200);
    await campaignsReaches(offerId, 'revisions_requested');
    const second = expectStatus(await post<{ id: string; round: number }>(manager, `/v1/offers/${offerId}/submissions`, { ...draft, url: 'https://cdn.example.com/draft-2.mp4', videoId: '7311234567890123456' }), 201).body;
    expect(second.round).toBe(2);
    expectStatus(await post(brand, `/v1/offers/${offerId}/submissions/${second.id}/review`, { decision: 'approve', comments: 'Ship it' }), 200);
    await campaignsReaches(offerId, 'approved');
    expect(expectStatus(await post(brand, `/v1/offers/${offerId}/complete`, {}), 200).body).toEqual({ status: 'accepted', workStatus: 'completed' });

    const done = await campaignsReaches(offerId, 'completed');
    expect(done.tab).toBe('completed');
    const tab = await campaigns.request(cc.tabsList, { creatorId: creator.user.id, tab: 'completed', limit: 50 }, { principal: principalOfToken(creator.accessToken) });
    expect(tab.items.map((r) => r.offerId)).toContain(offerId);
  });

  it("with requireConfirmation the manager's accept waits until the creator confirms; then campaigns shows it active", async () => {
    const policy = await api.request('PUT', `/v1/creators/${creator.user.id}/negotiation-policy`, { ...as(creator), json: { requireConfirmation: true, minimumPrices: [{ deliverable: 'video', price: { amount: 200_000, currency: 'USD' } }] } });
    expectStatus(policy, 200);
    try {
      expect((await api.request('PUT', `/v1/creators/${creator.user.id}/negotiation-policy`, { ...as(manager), json: { requireConfirmation: false, minimumPrices: [] } })).status).toBe(403);
      const offerId = await newOffer({ price: 250_000 });
      const low = await post(manager, `/v1/offers/${offerId}/proposals`, { baseVersion: 1, terms: { ...(await currentTerms(offerId)), price: { amount: 150_000, currency: 'USD' } } });
      expect(low.status).toBe(422);
      expect(low.body).toMatchObject({ errors: [{ path: 'terms.price.amount', message: 'Minimum is 200000 USD' }] });
      expect(expectStatus(await post(manager, `/v1/offers/${offerId}/accept`, { version: 1 }), 200).body).toMatchObject({ status: 'awaiting_creator_confirmation' });
      await campaignsReaches(offerId, 'awaiting_creator_confirmation');
      expect(expectStatus(await post(creator, `/v1/offers/${offerId}/confirm`, {}), 200).body).toMatchObject({ status: 'accepted' });
      expect((await campaignsReaches(offerId, 'accepted')).tab).toBe('active');
    } finally {
      await api.request('PUT', `/v1/creators/${creator.user.id}/negotiation-policy`, { ...as(creator), json: { requireConfirmation: false, minimumPrices: [] } });
    }
  });

  async function currentTerms(offerId: string) {
    return expectStatus(await api.get<{ currentTerms: Record<string, unknown> }>(`/v1/offers/${offerId}`, as(brand)), 200).body.currentTerms;
  }

  it('accept racing withdraw: one winner, and negotiation and campaigns agree on it', async () => {
    const outcomes = [];
    for (let round = 0; round < 4; round++) {
      const offerId = await newOffer();
      const [accept, withdraw] = await Promise.allSettled([
        post(manager, `/v1/offers/${offerId}/accept`, { version: 1 }),
        campaigns.request(cc.offersWithdraw, { offerId }, { principal: brandPrincipal }),
      ]);
      const final = await eventually(async () => {
        const [n, c] = await Promise.all([api.get<{ status: string }>(`/v1/offers/${offerId}`, as(brand)), inCampaigns(offerId)]);
        const settled = (c.status === 'withdrawn' && n.body.status === 'withdrawn') || (c.status === 'accepted' && n.body.status === 'accepted');
        return settled ? { negotiation: n.body.status, campaigns: c.status } : null;
      }, 15_000);
      const withdrew = withdraw.status === 'fulfilled';
      // A withdrawal campaigns granted always wins; one it refused means the accept got there first.
      expect(final.campaigns).toBe(withdrew ? 'withdrawn' : 'accepted');
      outcomes.push({ accept: accept.status === 'fulfilled' ? accept.value.status : 'failed', withdrew, final: final.campaigns });
    }
    expect(outcomes.every((o) => o.final === 'withdrawn' || o.accept === 200)).toBe(true);
  });

  it('negotiation killed between the commit of an accept and its publication: after restart campaigns reaches active, once', async () => {
    const offerId = await newOffer();
    await stack().service('negotiation').app.get(OutboxRelay).stop();
    expectStatus(await post(manager, `/v1/offers/${offerId}/accept`, { version: 1 }), 200);
    await stack().stopService('negotiation');
    expect((await inCampaigns(offerId)).status).toBe('awaiting_response');
    await stack().startService('negotiation');
    await campaignsReaches(offerId, 'accepted');
    await outboxDrained(stack().db.url);
    const changes = await statusChanges(offerId);
    expect(changes.filter((c) => c.status === 'accepted')).toEqual([expect.objectContaining({ cause: 'offer.accepted' })]);
  });

  /** campaigns' status-changed events for one offer, from its stream. */
  async function statusChanges(offerId: string): Promise<{ status: string; cause: string }[]> {
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('CAMPAIGNS');
    const out = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage('CAMPAIGNS', { seq }).catch(() => null);
      if (!msg || msg.subject !== 'campaigns.evt.offer.status-changed.v1') continue;
      const env = msg.json<{ payload: { offerId: string; status: string; cause: string } }>();
      if (env.payload.offerId === offerId) out.push(env.payload);
    }
    return out;
  }
});

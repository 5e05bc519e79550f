import { jest } from '@jest/globals';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { OutboxRelay } from '#libs/messaging';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from '../support/http.js';
import { useStack } from '../support/stack.js';
import { approveGrant, bearer, expectStatus, join, outboxDrained, query, requestGrant, ROOMY_LIMITS, signup, type Actor } from '../security/support.js';
import { campaignBody } from '../security/route-matrix.js';

/**
 * Negotiation and creative feedback through the gateway, with every service running: what the
 * brand, the creator and the creator's agency see over HTTP, campaigns' tabs included.
 */
const TAB: Record<string, string> = {
  awaiting_response: 'pending',
  changes_proposed: 'pending',
  awaiting_creator_confirmation: 'pending',
  accepted: 'active',
  content_submitted: 'active',
  revisions_requested: 'active',
  approved: 'active',
  completed: 'completed',
  withdrawn: 'inactive',
  declined: 'inactive',
  expired: 'inactive',
};

describe('negotiation through the gateway (whole platform)', () => {
  // Several steps across services per test: room for a loaded machine.
  jest.setTimeout(60_000);
  const stack = useStack({ env: ROOMY_LIMITS });
  let api: GatewayClient;
  let nc: NatsConnection;
  let brand: Actor;
  let creator: Actor;
  let manager: Actor;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    nc = await stack().nats.connect();
    const owner = await signup(api, 'manager', { org: 'Agency' });
    // One sign-up at a time: each costs a scrypt hash, and a loaded machine answers them in turn anyway.
    brand = await signup(api, 'brand', { org: 'Brand' });
    creator = await signup(api, 'creator');
    manager = await signup(api, 'manager');
    manager = await join(api, owner, manager, 'manager');
    await approveGrant(api, creator, (await requestGrant(api, owner, creator, ['campaigns:read', 'offers:negotiate', 'feedback:write'])).id);
  }, 120_000);
  afterAll(async () => nc?.close());

  const as = (actor: Actor) => ({ headers: bearer(actor) });
  const post = <T = Record<string, unknown>>(actor: Actor, path: string, json: unknown) => api.post<T>(path, { ...as(actor), json });

  /** A campaign and an offer from the brand to the creator, through campaigns' routes. */
  async function newOffer(opts: { price?: number } = {}) {
    const campaign = expectStatus(await post<{ id: string; deliverables: { dueAt: string }[] }>(brand, '/v1/campaigns', campaignBody()), 201, 'campaign').body;
    const offerBody = {
      creatorId: creator.user.id,
      price: { amount: opts.price ?? 250_000, currency: 'USD' },
      deliverables: [{ type: 'video', quantity: 1, dueAt: campaign.deliverables[0]!.dueAt }],
      terms: { paymentTerms: { upfrontPercent: 30, netDays: 30 }, usageRightsDays: 90, exclusivityDays: 30, revisionRounds: 1, reviewWindowDays: 14 },
    };
    // Campaigns learns of a new creator from identity's sign-up event: retry until it has.
    const offer = await eventually(async () => {
      const res = await post<{ id: string; status: string; version: number }>(brand, `/v1/campaigns/${campaign.id}/offers`, offerBody);
      return res.status === 201 ? res.body : undefined;
    }, 15_000);
    expect(offer).toMatchObject({ status: 'awaiting_response', version: 1 });
    // Negotiation opened the offer before the 201: both sides read it at once.
    expectStatus(await api.get(`/v1/offers/${offer.id}`, as(manager)), 200, 'offer read right after sending');
    return offer.id;
  }

  /** The offer's row in the creator's campaigns tab for `status`, once it shows that status. */
  const campaignsReaches = (offerId: string, status: string) =>
    eventually(async () => {
      const res = await api.get<{ items: { offerId: string; status: string; price: unknown }[] }>(`/v1/creators/${creator.user.id}/campaigns?tab=${TAB[status]}`, as(creator));
      return res.body.items?.find((r) => r.offerId === offerId && r.status === status);
    }, 15_000);

  /** Where the offer stands in campaigns and in negotiation. */
  async function bothSides(offerId: string) {
    const [n, ...tabs] = await Promise.all([
      api.get<{ status: string }>(`/v1/offers/${offerId}`, as(brand)),
      ...['pending', 'active', 'inactive'].map((tab) => api.get<{ items: { offerId: string; status: string }[] }>(`/v1/creators/${creator.user.id}/campaigns?tab=${tab}`, as(creator))),
    ]);
    const row = tabs.flatMap((t) => t.body.items).find((r) => r.offerId === offerId);
    return { negotiation: n.body.status, campaigns: row?.status };
  }

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
    expect(active).toMatchObject({ price: { amount: 300_000, currency: 'USD' } });
    const diff = expectStatus(await api.get<{ changes: { fields: { field: string }[] } }>(`/v1/offers/${offerId}/versions?compare=1..3`, as(creator)), 200).body;
    expect(diff.changes.fields.map((f) => f.field)).toEqual(['price.amount']);
    // Each version names its author and the organization they wrote for (identity's names, current at read time).
    const named = expectStatus(await api.get<{ items: { actor: unknown }[] }>(`/v1/offers/${offerId}/versions`, as(creator)), 200).body;
    expect(named.items.map((v) => v.actor)).toEqual([
      { userId: brand.user.id, name: brand.user.name, organization: { id: brand.organization!.id, name: 'Brand', kind: 'brand' } },
      { userId: manager.user.id, name: manager.user.name, organization: { id: manager.organization!.id, name: 'Agency', kind: 'agency' } },
      { userId: brand.user.id, name: brand.user.name, organization: { id: brand.organization!.id, name: 'Brand', kind: 'brand' } },
    ]);
    // So does each message: the agency's manager, and the creator writing for themselves.
    expectStatus(await post(manager, `/v1/offers/${offerId}/messages`, { body: 'Draft coming Friday' }), 201);
    const mine = expectStatus(await post<{ actor: unknown }>(creator, `/v1/offers/${offerId}/messages`, { body: 'Looking forward to it' }), 201).body;
    expect(mine.actor).toEqual({ userId: creator.user.id, name: creator.user.name, organization: null });
    const thread = expectStatus(await api.get<{ items: { actor: unknown }[] }>(`/v1/offers/${offerId}/messages`, as(brand)), 200).body;
    expect(thread.items.map((m) => m.actor)).toEqual([
      { userId: manager.user.id, name: manager.user.name, organization: { id: manager.organization!.id, name: 'Agency', kind: 'agency' } },
      { userId: creator.user.id, name: creator.user.name, organization: null },
    ]);

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

    // The completed tab shows it, to the creator and to their agency.
    await campaignsReaches(offerId, 'completed');
    const agencyView = expectStatus(await api.get<{ items: { offerId: string }[] }>(`/v1/creators/${creator.user.id}/campaigns?tab=completed`, as(manager)), 200).body;
    expect(agencyView.items.map((r) => r.offerId)).toContain(offerId);
  });

  it('50 concurrent proposals on one base version: exactly one 201, the rest 409; the history gains one version', async () => {
    const offerId = await newOffer();
    const terms = await currentTerms(offerId);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(i % 2 ? manager : brand, `/v1/offers/${offerId}/proposals`, { baseVersion: 1, terms: { ...terms, price: { amount: 260_000 + i, currency: 'USD' } } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const versions = expectStatus(await api.get<{ items: { version: number }[] }>(`/v1/offers/${offerId}/versions`, as(creator)), 200).body;
    expect(versions.items.map((v) => v.version)).toEqual([1, 2]);
  });

  it('a proposal retried with the same Idempotency-Key returns the first answer and adds no version', async () => {
    const offerId = await newOffer();
    const body = { baseVersion: 1, terms: { ...(await currentTerms(offerId)), price: { amount: 270_000, currency: 'USD' } } };
    const send = () => api.post(`/v1/offers/${offerId}/proposals`, { headers: { ...bearer(manager), 'idempotency-key': `proposal-${offerId}` }, json: body });
    const first = expectStatus(await send(), 201);
    const retry = expectStatus(await send(), 201);
    expect(retry.body).toEqual(first.body);
    const versions = expectStatus(await api.get<{ items: { version: number }[] }>(`/v1/offers/${offerId}/versions`, as(brand)), 200).body;
    expect(versions.items.map((v) => v.version)).toEqual([1, 2]);
  });

  it("with requireConfirmation the manager's accept waits until the creator confirms; then campaigns shows it active", async () => {
    const policy = await api.request('PUT', `/v1/creators/${creator.user.id}/negotiation-policy`, { ...as(creator), json: { requireConfirmation: true, minimumPrices: [{ deliverable: 'video', price: { amount: 200_000, currency: 'USD' } }] } });
    expectStatus(policy, 200);
    try {
      expect((await api.request('PUT', `/v1/creators/${creator.user.id}/negotiation-policy`, { ...as(manager), json: { requireConfirmation: false, minimumPrices: [] } })).status).toBe(403);
      const offerId = await newOffer({ price: 250_000 });
      const low = await post(manager, `/v1/offers/${offerId}/proposals`, { baseVersion: 1, terms: { ...(await currentTerms(offerId)), price: { amount: 150_000, currency: 'USD' } } });
      expect(low.status).toBe(422);
      expect(low.body).toMatchObject({ errors: [{ path: 'terms.price.amount', message: 'Minimum is $2,000.00' }] });
      expect(expectStatus(await post(manager, `/v1/offers/${offerId}/accept`, { version: 1 }), 200).body).toMatchObject({ status: 'awaiting_creator_confirmation' });
      await campaignsReaches(offerId, 'awaiting_creator_confirmation');
      expect(expectStatus(await post(creator, `/v1/offers/${offerId}/confirm`, {}), 200).body).toMatchObject({ status: 'accepted' });
      await campaignsReaches(offerId, 'accepted');
    } finally {
      await api.request('PUT', `/v1/creators/${creator.user.id}/negotiation-policy`, { ...as(creator), json: { requireConfirmation: false, minimumPrices: [] } });
    }
  });

  async function currentTerms(offerId: string) {
    return expectStatus(await api.get<{ currentTerms: Record<string, unknown> }>(`/v1/offers/${offerId}`, as(brand)), 200).body.currentTerms;
  }

  it('accept racing withdraw: one winner, and negotiation and campaigns agree on it', async () => {
    /** The withdrawal sent with the accept, after the accept answered, or after campaigns applied it. */
    const timings = ['together', 'together', 'after the accept answered', 'after campaigns applied the accept'] as const;
    const winners: string[] = [];
    for (const timing of timings) {
      const offerId = await newOffer();
      const withdraw = () => post(brand, `/v1/offers/${offerId}/withdraw`, {});
      let accept;
      let withdrawal;
      if (timing === 'together') {
        [accept, withdrawal] = await Promise.all([post(manager, `/v1/offers/${offerId}/accept`, { version: 1 }), withdraw()]);
      } else {
        accept = await post(manager, `/v1/offers/${offerId}/accept`, { version: 1 });
        if (timing === 'after campaigns applied the accept') await campaignsReaches(offerId, 'accepted');
        withdrawal = await withdraw();
      }
      const final = await eventually(async () => {
        const sides = await bothSides(offerId);
        return sides.negotiation === sides.campaigns && ['withdrawn', 'accepted'].includes(sides.campaigns!) ? sides : null;
      }, 15_000);
      // Exactly one of the two succeeds, and it is the status both services show.
      expect([accept.status, withdrawal.status].sort()).toEqual([200, 409]);
      expect(final.campaigns).toBe(withdrawal.status === 200 ? 'withdrawn' : 'accepted');
      winners.push(`${timing}: ${final.campaigns}`);
    }
    expect(winners.at(-1)).toBe('after campaigns applied the accept: accepted');
    console.info(`accept vs withdraw — ${winners.join('; ')}`);
  });

  it('negotiation killed between the commit of a withdrawal and its publication: after restart campaigns reaches withdrawn, once', async () => {
    const offerId = await newOffer();
    await campaignsReaches(offerId, 'awaiting_response');
    await stack().service('negotiation').app.get(OutboxRelay).stop();
    expectStatus(await post(brand, `/v1/offers/${offerId}/withdraw`, {}), 200);
    await stack().stopService('negotiation');
    expect((await bothSides(offerId)).campaigns).toBe('awaiting_response');
    await stack().startService('negotiation');
    await campaignsReaches(offerId, 'withdrawn');
    await outboxDrained(stack().db.url);
    expect((await offerEvents(offerId)).filter((subject) => subject === 'negotiation.evt.offer.withdrawn.v1')).toHaveLength(1);
    const row = await query(stack().db.url, `select status, version from campaigns.offers where id = $1`, [offerId]);
    expect(row).toEqual([{ status: 'withdrawn', version: 2 }]);
  });

  /** negotiation's events for one offer, from its stream. */
  async function offerEvents(offerId: string): Promise<string[]> {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('NEGOTIATION');
    const out = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage('NEGOTIATION', { seq }).catch(() => null);
      if (msg?.json<{ aggregateId: string }>().aggregateId === offerId) out.push(msg.subject);
    }
    return out;
  }
});

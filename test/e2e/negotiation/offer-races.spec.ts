import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient, type GatewayResponse } from '../support/http.js';
import { useStack } from '../support/stack.js';
import { approveGrant, bearer, expectStatus, join, requestGrant, ROOMY_LIMITS, signup, type Actor } from '../security/support.js';
import { campaignBody } from '../security/route-matrix.js';

/**
 * One owner, one outcome: commands on one offer sent at once through the gateway, each race 50
 * times with small random delays on either side. Exactly one command succeeds, the loser gets a
 * 409 naming the status that won, and negotiation's offer, campaigns' tabs and the creator
 * card's counts all come to show the winner.
 */
const ITERATIONS = 50;
const BATCH = 10;
const TAB: Record<string, string> = {
  awaiting_response: 'pending',
  changes_proposed: 'pending',
  awaiting_creator_confirmation: 'pending',
  accepted: 'active',
  withdrawn: 'inactive',
  expired: 'inactive',
};

type Response = GatewayResponse<{ status?: string; detail?: string }>;

describe('racing commands on one offer (whole platform, through the gateway)', () => {
  jest.setTimeout(240_000);
  const stack = useStack({ env: { ...ROOMY_LIMITS, OFFER_EXPIRY_SWEEP_MS: '3600000' } });
  let api: GatewayClient;
  let brand: Actor;
  let creator: Actor;
  let confirming: Actor;
  let manager: Actor;
  /** What each offer of this file should end as, per creator: the card's counts are its tally. */
  const expected = new Map<string, Map<string, string>>();

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    const owner = await signup(api, 'manager', { org: 'Agency' });
    brand = await signup(api, 'brand', { org: 'Brand' });
    creator = await signup(api, 'creator');
    confirming = await signup(api, 'creator');
    manager = await join(api, owner, await signup(api, 'manager'), 'manager');
    for (const c of [creator, confirming]) {
      await approveGrant(api, c, (await requestGrant(api, owner, c, ['campaigns:read', 'offers:negotiate'])).id);
      expected.set(c.user.id, new Map());
    }
    const policy = { requireConfirmation: true, minimumPrices: [] };
    expectStatus(await api.request('PUT', `/v1/creators/${confirming.user.id}/negotiation-policy`, { headers: bearer(confirming), json: policy }), 200, 'policy');
  }, 120_000);

  const post = (actor: Actor, path: string, json: unknown = {}) => api.post<{ status?: string; detail?: string }>(path, { headers: bearer(actor), json }) as Promise<Response>;
  const jitter = () => sleep(Math.floor(Math.random() * 15));

  /** A new campaign and an offer in it to `to`: one undecided offer per campaign and creator, so each race gets its own. */
  async function newOffer(to: Actor): Promise<string> {
    // A busy platform may answer 503 (with Retry-After); a client retries with the same key.
    const once = (path: string, json: unknown) => {
      const key = randomUUID();
      return eventually(async () => {
        const res = await api.post<{ id: string }>(path, { headers: { ...bearer(brand), 'idempotency-key': key }, json });
        return res.status === 201 ? res.body : undefined;
      }, 30_000);
    };
    const campaign = (await once('/v1/campaigns', campaignBody())) as unknown as { id: string; deliverables: { dueAt: string }[] };
    const body = { creatorId: to.user.id, price: { amount: 250_000, currency: 'USD' }, deliverables: [{ type: 'video', quantity: 1, dueAt: campaign.deliverables[0]!.dueAt }] };
    // Campaigns learns of a new creator from identity's sign-up event (422 until then).
    const sent = await once(`/v1/campaigns/${campaign.id}/offers`, body);
    expected.get(to.user.id)!.set(sent.id, 'awaiting_response');
    return sent.id;
  }

  /** Two commands at once, each after its own small random delay. */
  function race(a: () => Promise<Response>, b: () => Promise<Response>): Promise<[Response, Response]> {
    return Promise.all([jitter().then(a), jitter().then(b)]);
  }

  /** Every offer of `who`, with the status campaigns shows it in its tab. */
  async function tabs(who: Actor): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    for (const tab of ['pending', 'active', 'completed', 'inactive']) {
      let cursor: string | null = null;
      do {
        const page: { items: { offerId: string; status: string }[]; nextCursor: string | null } = expectStatus(
          await api.get(`/v1/creators/${who.user.id}/campaigns?tab=${tab}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: bearer(who) }),
          200,
          'tab',
        ).body as never;
        for (const row of page.items) seen.set(row.offerId, row.status);
        cursor = page.nextCursor;
      } while (cursor);
    }
    return seen;
  }

  /** Negotiation, campaigns' tabs and the card's counts all show what `expected` says. */
  async function everyReadAgrees(who: Actor, offers: string[]) {
    const want = expected.get(who.user.id)!;
    for (const offerId of offers) {
      const offer = expectStatus(await api.get<{ status: string }>(`/v1/offers/${offerId}`, { headers: bearer(brand) }), 200, 'offer').body;
      expect({ offerId, status: offer.status }).toEqual({ offerId, status: want.get(offerId) });
    }
    await eventually(async () => {
      const seen = await tabs(who);
      return offers.every((id) => seen.get(id) === want.get(id));
    }, 10_000);
    const tally = { pending: 0, active: 0, completed: 0, inactive: 0 } as Record<string, number>;
    for (const status of want.values()) tally[TAB[status]!]! += 1;
    await eventually(async () => {
      const card = expectStatus(await api.get<{ campaigns: Record<string, number> }>(`/v1/creators/${who.user.id}/card`, { headers: bearer(who) }), 200, 'card').body;
      return JSON.stringify(card.campaigns) === JSON.stringify(tally);
    }, 10_000);
  }

  /**
   * Runs `iteration` ITERATIONS times in parallel batches; each returns the offer it raced on,
   * having asserted the answers and recorded the winner in `expected`.
   */
  async function repeat(who: Actor, iteration: () => Promise<string>) {
    for (let done = 0; done < ITERATIONS; done += BATCH) {
      const offers = await Promise.all(Array.from({ length: Math.min(BATCH, ITERATIONS - done) }, iteration));
      await everyReadAgrees(who, offers);
    }
  }

  /** Exactly one 2xx; the other is a 409 whose detail names the status that won. */
  function oneWinner(results: [Response, Response], commands: [string, string], statusIfWon: [string, string]): string {
    const ok = results.map((r) => r.status >= 200 && r.status < 300);
    expect(ok.filter(Boolean)).toHaveLength(1);
    const winner = ok[0] ? 0 : 1;
    const loser = 1 - winner;
    expect(results[loser]!.status).toBe(409);
    expect(results[loser]!.body.detail).toBe(`The offer is ${statusIfWon[winner]}; ${commands[loser]} is not possible`);
    return statusIfWon[winner]!;
  }

  it('accept ‖ withdraw', async () => {
    await repeat(creator, async () => {
      const offerId = await newOffer(creator);
      const results = await race(() => post(creator, `/v1/offers/${offerId}/accept`, { version: 1 }), () => post(brand, `/v1/offers/${offerId}/withdraw`));
      expected.get(creator.user.id)!.set(offerId, oneWinner(results, ['accept', 'withdraw'], ['accepted', 'withdrawn']));
      return offerId;
    });
  });

  it('two accepts (the creator and their agency)', async () => {
    await repeat(creator, async () => {
      const offerId = await newOffer(creator);
      const results = await race(() => post(creator, `/v1/offers/${offerId}/accept`, { version: 1 }), () => post(manager, `/v1/offers/${offerId}/accept`, { version: 1 }));
      expected.get(creator.user.id)!.set(offerId, oneWinner(results, ['accept', 'accept'], ['accepted', 'accepted']));
      return offerId;
    });
  });

  it("confirm ‖ withdraw (the creator settling their agency's accept)", async () => {
    await repeat(confirming, async () => {
      const offerId = await newOffer(confirming);
      expect(expectStatus(await post(manager, `/v1/offers/${offerId}/accept`, { version: 1 }), 200, 'agency accept').body.status).toBe('awaiting_creator_confirmation');
      const results = await race(() => post(confirming, `/v1/offers/${offerId}/confirm`), () => post(brand, `/v1/offers/${offerId}/withdraw`));
      expected.get(confirming.user.id)!.set(offerId, oneWinner(results, ['confirm', 'withdraw'], ['accepted', 'withdrawn']));
      return offerId;
    });
  });

  it('propose ‖ withdraw: a proposal that lost is refused naming withdrawn; one that won leaves the offer open, so the withdrawal after it still closes it', async () => {
    let proposalsWon = 0;
    await repeat(creator, async () => {
      const offerId = await newOffer(creator);
      const terms = expectStatus(await api.get<{ currentTerms: Record<string, unknown> }>(`/v1/offers/${offerId}`, { headers: bearer(brand) }), 200).body.currentTerms;
      const [proposal, withdrawal] = await race(
        () => post(creator, `/v1/offers/${offerId}/proposals`, { baseVersion: 1, terms: { ...terms, price: { amount: 260_000, currency: 'USD' } } }),
        () => post(brand, `/v1/offers/${offerId}/withdraw`),
      );
      expect(withdrawal.status).toBe(200);
      if (proposal.status === 201) proposalsWon += 1;
      else expect([proposal.status, proposal.body.detail]).toEqual([409, 'The offer is withdrawn; propose is not possible']);
      const versions = expectStatus(await api.get<{ items: unknown[] }>(`/v1/offers/${offerId}/versions`, { headers: bearer(brand) }), 200).body.items;
      expect(versions).toHaveLength(proposal.status === 201 ? 2 : 1);
      expected.get(creator.user.id)!.set(offerId, 'withdrawn');
      return offerId;
    });
    console.info(`propose ‖ withdraw: the proposal got in first ${proposalsWon} of ${ITERATIONS} times`);
  });

  it('accept ‖ expiry (the sweep run with a clock past respondBy)', async () => {
    const sweeper = await expirySweeper();
    const afterDeadline = () => new Date(Date.now() + 40 * 86_400_000);
    let expiries = 0;
    await repeat(creator, async () => {
      const offerId = await newOffer(creator);
      const [accept] = await Promise.all([jitter().then(() => post(creator, `/v1/offers/${offerId}/accept`, { version: 1 })), jitter().then(() => sweeper.sweep(afterDeadline()))]);
      // Whichever locked the offer first won: the accept (200), or the expiry (409 naming it).
      if (accept.status !== 200) expect([accept.status, accept.body.detail]).toEqual([409, 'The offer is expired; accept is not possible']);
      if (accept.status !== 200) expiries += 1;
      expected.get(creator.user.id)!.set(offerId, accept.status === 200 ? 'accepted' : 'expired');
      return offerId;
    });
    console.info(`accept ‖ expiry: the expiry got in first ${expiries} of ${ITERATIONS} times`);
  });

  it('20 offers sent at once are each read by both sides right after their 201: no 404', async () => {
    const offers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const offerId = await newOffer(creator);
        const [byBrand, byAgency, versions] = await Promise.all([
          api.get(`/v1/offers/${offerId}`, { headers: bearer(brand) }),
          api.get(`/v1/offers/${offerId}`, { headers: bearer(manager) }),
          api.get(`/v1/offers/${offerId}/versions`, { headers: bearer(creator) }),
        ]);
        expect([byBrand.status, byAgency.status, versions.status]).toEqual([200, 200, 200]);
        return offerId;
      }),
    );
    await everyReadAgrees(creator, offers);
  });

  async function expirySweeper() {
    const { OfferExpirySweeper } = await import('../../../services/negotiation/src/offers/offer-expiry.sweeper.js');
    return stack().service('negotiation').app.get(OfferExpirySweeper);
  }
});

import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { bearer, expectStatus, join, outboxDrained, problemOf, query, ROOMY_LIMITS, signup, type Actor } from './security/support.js';

interface Money {
  amount: number;
  currency: string;
}
interface Campaign {
  id: string;
  status: string;
  version: number;
  budget: Money;
  committed: Money;
  remaining: Money;
  brief: string;
  deliverables: { type: string; quantity: number; dueAt: string }[];
}

/**
 * A brand runs its campaign through the gateway with every service running: edits it with
 * several deliverable lines, sees what accepted deals committed of the budget, is stopped before
 * an offer overruns it, pauses it (no new offers, while an accepted deal goes on to completion),
 * resumes and closes it.
 */
describe('campaigns a brand can run (whole platform)', () => {
  const stack = useStack({ env: { ...ROOMY_LIMITS } });
  let api: GatewayClient;
  let brand: Actor;
  let brandViewer: Actor;
  let otherBrand: Actor;
  let creator: Actor;
  let secondCreator: Actor;
  let agency: Actor;
  let campaign: Campaign;
  let acceptedOfferId: string;
  const day = 86_400_000;
  const at = (days: number) => new Date(Date.now() + days * day).toISOString();

  const post = <T>(who: Actor, path: string, json: unknown = {}) => api.post<T>(path, { headers: bearer(who), json });
  const read = async (who: Actor = brand) => expectStatus(await api.get<Campaign>(`/v1/campaigns/${campaign.id}`, { headers: bearer(who) }), 200).body;
  const offerTo = (creatorId: string, amount: number, extra: Record<string, unknown> = {}) => ({
    creatorId,
    price: { amount, currency: 'USD' },
    deliverables: [{ type: 'video', quantity: 1, dueAt: at(20) }],
    ...extra,
  });
  /** Sends once campaigns has heard of the new creator (identity's sign-up event). */
  const send = (body: Record<string, unknown>) =>
    eventually(async () => {
      const res = await post<{ id: string }>(brand, `/v1/campaigns/${campaign.id}/offers`, body);
      return res.status === 422 && JSON.stringify(res.body).includes('Unknown creator') ? undefined : res;
    });

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    [brand, otherBrand, creator, secondCreator, agency] = await Promise.all([
      signup(api, 'brand', { org: 'Lumen Outdoor' }),
      signup(api, 'brand', { org: 'Other Brand' }),
      signup(api, 'creator'),
      signup(api, 'creator'),
      signup(api, 'manager', { org: 'Northstar Talent' }),
    ]);
    brandViewer = await join(api, brand, await signup(api, 'brand'), 'viewer');
    campaign = expectStatus(
      await post<Campaign>(brand, '/v1/campaigns', {
        name: 'Trail Season',
        brief: 'One honest video each.',
        budget: { amount: 1_000_000, currency: 'USD' },
        startsAt: at(1),
        endsAt: at(60),
        deliverables: [{ type: 'video', quantity: 1, dueAt: at(20) }],
      }),
      201,
    ).body;
  }, 120_000);

  it('starts active at version 1 with the whole budget remaining', () => {
    expect(campaign).toMatchObject({ status: 'active', version: 1, committed: { amount: 0, currency: 'USD' }, remaining: { amount: 1_000_000, currency: 'USD' } });
  });

  it('edits brief, dates, budget (up only) and several deliverable lines from the version read; a stale version is a 409', async () => {
    const lines = [
      { type: 'video', quantity: 2, dueAt: at(20) },
      { type: 'story', quantity: 3, dueAt: at(70) },
    ];
    const edited = expectStatus(
      await api.request<Campaign>('PATCH', `/v1/campaigns/${campaign.id}`, { headers: bearer(brand), json: { version: 1, brief: 'Two honest videos and three stories.', endsAt: at(90), budget: { amount: 1_500_000, currency: 'USD' }, deliverables: lines } }),
      200,
    ).body;
    expect(edited).toMatchObject({ version: 2, brief: 'Two honest videos and three stories.', budget: { amount: 1_500_000 }, remaining: { amount: 1_500_000 }, deliverables: lines });
    expect(await read()).toMatchObject({ version: 2, deliverables: lines });

    const stale = problemOf(await api.request('PATCH', `/v1/campaigns/${campaign.id}`, { headers: bearer(brand), json: { version: 1, name: 'Late edit' } }), 409);
    expect(stale.detail).toContain('version 2, not 1');
    expect((await read()).version).toBe(2);
  });

  it('refuses a lower budget (422), an end before the start (400 when both are named, 422 against the stored start)', async () => {
    const down = problemOf(await api.request('PATCH', `/v1/campaigns/${campaign.id}`, { headers: bearer(brand), json: { version: 2, budget: { amount: 900_000, currency: 'USD' } } }), 422);
    expect(down.errors?.map((e) => e.path)).toEqual(['budget.amount']);
    const both = problemOf(await api.request('PATCH', `/v1/campaigns/${campaign.id}`, { headers: bearer(brand), json: { version: 2, startsAt: at(10), endsAt: at(5) } }), 400);
    expect(both.errors?.map((e) => e.path)).toEqual(['endsAt']);
    const one = problemOf(await api.request('PATCH', `/v1/campaigns/${campaign.id}`, { headers: bearer(brand), json: { version: 2, endsAt: at(0.5) } }), 422);
    expect(one.errors?.map((e) => e.path)).toContain('endsAt');
    expect(await read()).toMatchObject({ version: 2, budget: { amount: 1_500_000 } });
  });

  it("keeps other brands out (404, as an unknown id), agencies and creators out (403), and a brand viewer from changing it (403)", async () => {
    const unknown = problemOf(await api.request('PATCH', `/v1/campaigns/00000000-0000-4000-8000-000000000000`, { headers: bearer(otherBrand), json: { version: 2, name: 'x' } }), 404);
    for (const [who, status] of [[otherBrand, 404], [agency, 403], [creator, 403], [brandViewer, 403]] as const) {
      const edit = problemOf(await api.request('PATCH', `/v1/campaigns/${campaign.id}`, { headers: bearer(who), json: { version: 2, name: 'Taken over' } }), status);
      if (status === 404) expect(edit).toEqual(unknown);
      for (const command of ['pause', 'resume', 'close']) problemOf(await post(who, `/v1/campaigns/${campaign.id}/${command}`), status);
    }
    expect(await read()).toMatchObject({ version: 2, status: 'active' });
  });

  it('counts an accepted offer as committed, and refuses an offer over the remaining budget unless the brand confirms it', async () => {
    const sent = expectStatus(await send(offerTo(creator.user.id, 600_000)), 201).body;
    acceptedOfferId = sent.id;
    expectStatus(await eventually(async () => {
      const res = await post(creator, `/v1/offers/${sent.id}/accept`, { version: 1 });
      return res.status === 404 ? undefined : res;
    }), 200);
    const committed = await eventually(async () => {
      const c = await read();
      return c.committed.amount === 600_000 ? c : undefined;
    });
    expect(committed.remaining).toEqual({ amount: 900_000, currency: 'USD' });

    const refused = problemOf(await send(offerTo(secondCreator.user.id, 900_001)), 422);
    expect(refused).toMatchObject({ title: 'Over budget', errors: [{ path: 'price.amount' }] });
    expect(refused.detail).toContain('900000 USD');
    const overrun = expectStatus(await send(offerTo(secondCreator.user.id, 900_001, { allowOverBudget: true })), 201).body;
    // Accepted, it takes the campaign past its budget: the page shows by how much.
    expectStatus(await eventually(async () => {
      const res = await post(secondCreator, `/v1/offers/${overrun.id}/accept`, { version: 1 });
      return res.status === 404 ? undefined : res;
    }), 200);
    const over = await eventually(async () => {
      const c = await read();
      return c.committed.amount === 1_500_001 ? c : undefined;
    });
    expect(over.remaining).toEqual({ amount: -1, currency: 'USD' });
  });

  it('pauses: a new offer is refused (409 saying why) while the accepted deal goes on to completion', async () => {
    const paused = expectStatus(await post<Campaign>(brand, `/v1/campaigns/${campaign.id}/pause`, { version: 2 }), 200).body;
    expect(paused).toMatchObject({ status: 'paused', version: 3 });
    problemOf(await post(brand, `/v1/campaigns/${campaign.id}/pause`), 409);

    const third = await signup(api, 'creator');
    const refused = await eventually(async () => {
      const res = await post(brand, `/v1/campaigns/${campaign.id}/offers`, offerTo(third.user.id, 1000));
      return res.status === 409 ? res : undefined;
    });
    expect(problemOf(refused, 409)).toMatchObject({ title: 'Campaign paused' });

    const draft = expectStatus(
      await post<{ id: string }>(creator, `/v1/offers/${acceptedOfferId}/submissions`, { deliverable: 'video', url: 'https://cdn.example.com/trail.mp4', caption: 'First hike' }),
      201,
    ).body;
    expectStatus(await post(brand, `/v1/offers/${acceptedOfferId}/submissions/${draft.id}/review`, { decision: 'approve', comments: 'Ship it' }), 200);
    expect(expectStatus(await post(brand, `/v1/offers/${acceptedOfferId}/complete`), 200).body).toEqual({ status: 'accepted', workStatus: 'completed' });
    // Completed work stays committed.
    const after = await eventually(async () => {
      const c = await read();
      return (c as Campaign & { counts: { completed: number } }).counts.completed === 1 ? c : undefined;
    });
    expect(after).toMatchObject({ status: 'paused', committed: { amount: 1_500_001 } });
  });

  it('resumes, then closes only once no offer waits for an answer (409 naming it), and a closed campaign changes no more', async () => {
    expect(expectStatus(await post<Campaign>(brand, `/v1/campaigns/${campaign.id}/resume`), 200).body).toMatchObject({ status: 'active', version: 4 });
    const waiting = await signup(api, 'creator');
    expectStatus(await eventually(async () => {
      const res = await post(brand, `/v1/campaigns/${campaign.id}/offers`, offerTo(waiting.user.id, 1000, { allowOverBudget: true }));
      return res.status === 422 ? undefined : res;
    }), 201);
    const pending = await eventually(async () => {
      const c = (await read()) as Campaign & { creators: { offerId: string; tab: string }[] };
      return c.creators.find((o) => o.tab === 'pending');
    });
    const refused = problemOf(await post(brand, `/v1/campaigns/${campaign.id}/close`), 409);
    expect(refused).toMatchObject({ title: 'Offers still open' });
    expect(refused.detail).toContain(pending.offerId);

    expectStatus(await post(brand, `/v1/offers/${pending.offerId}/withdraw`), 200);
    const closed = await eventually(async () => {
      const res = await post<Campaign>(brand, `/v1/campaigns/${campaign.id}/close`);
      return res.status === 200 ? res.body : undefined;
    });
    expect(closed).toMatchObject({ status: 'closed' });
    expect(problemOf(await post(brand, `/v1/campaigns/${campaign.id}/resume`), 409).detail).toContain('closed');
    problemOf(await api.request('PATCH', `/v1/campaigns/${campaign.id}`, { headers: bearer(brand), json: { version: closed.version, name: 'Again' } }), 409);
    const third = await signup(api, 'creator');
    const refusedOffer = await eventually(async () => {
      const res = await post(brand, `/v1/campaigns/${campaign.id}/offers`, offerTo(third.user.id, 1000));
      return res.status === 409 ? res : undefined;
    });
    expect(problemOf(refusedOffer, 409)).toMatchObject({ title: 'Campaign closed' });
  });

  it('records who made each change, and publishes an event for each from the same transaction', async () => {
    const audit = await query<{ action: string; actor: string; version: number; details: Record<string, unknown> }>(
      stack().db.url,
      'select action, actor_user_id as actor, version, details from campaigns.campaign_audit where campaign_id = $1 order by version',
      [campaign.id],
    );
    expect(audit).toEqual([
      { action: 'campaign.edited', actor: brand.user.id, version: 2, details: { fields: ['brief', 'budget', 'endsAt', 'deliverables'] } },
      { action: 'campaign.paused', actor: brand.user.id, version: 3, details: { status: 'paused' } },
      { action: 'campaign.resumed', actor: brand.user.id, version: 4, details: { status: 'active' } },
      { action: 'campaign.closed', actor: brand.user.id, version: 5, details: { status: 'closed' } },
    ]);
    // Published, not only written: every outbox drains to its stream.
    await outboxDrained(stack().db.url, 15_000);
    const events = await query<{ subject: string; version: number; actor: string }>(
      stack().db.url,
      `select subject, (envelope->>'aggregateVersion')::int as version, envelope->'payload'->>'actorUserId' as actor
         from campaigns.outbox where envelope->>'aggregateId' = $1 and published_at is not null order by version`,
      [campaign.id],
    );
    expect(events).toEqual(
      (['edited', 'paused', 'resumed', 'closed'] as const).map((kind, i) => ({ subject: `campaigns.evt.campaign.${kind}.v1`, version: i + 2, actor: brand.user.id })),
    );
  });
});

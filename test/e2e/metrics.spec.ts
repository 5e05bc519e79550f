import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { CreatorKpis, IngestResult, OfferPerformance } from '#libs/contracts';
import { eventually, seededRandom, syntheticCreator } from '#libs/testing';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { approveGrant, bearer, expectStatus, problemOf, requestGrant, ROOMY_LIMITS, signup, type Actor } from './security/support.js';
import { campaignBody, offerBody } from './security/route-matrix.js';

jest.setTimeout(120_000);

const ADMIN = `ops-${randomUUID().slice(0, 8)}@example.com`;

/**
 * Metrics through the gateway on the whole platform: a platform operator issues an API key,
 * a connector ingests with it, and the creator and its agency read KPIs that match what was
 * ingested; keys without the scope, revoked keys and outsiders are refused.
 */
describe('metrics through the gateway', () => {
  const stack = useStack({ env: { ...ROOMY_LIMITS, PLATFORM_ADMINS: ADMIN } });
  let api: GatewayClient;
  let admin: Actor;
  let creator: Actor;
  let agency: Actor;
  let key: { id: string; key: string };

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    const res = await api.post<Actor>('/v1/auth/signup', { json: { email: ADMIN, password: `pw-${randomUUID()}`, name: 'Ops', kind: 'manager' } });
    admin = expectStatus(res, 201, 'admin signup').body;
    [creator, agency] = await Promise.all([signup(api, 'creator'), signup(api, 'manager', { org: 'Agency' })]);
    key = expectStatus(await api.post<{ id: string; key: string }>('/v1/api-keys', { headers: bearer(admin), json: { name: 'connector', scopes: ['metrics:ingest'] } }), 201, 'create key').body;
  }, 120_000);

  // A full batch takes a while on a busy machine.
  const ingest = (kind: string, records: unknown[], apiKey = key.key) =>
    api.post<IngestResult>(`/v1/ingest/${kind}`, { headers: { 'x-api-key': apiKey }, json: { records }, timeoutMs: 60_000 });

  it('ingests a full batch (10,000 records, one of them bad) and serves KPIs of exactly what was kept', async () => {
    const data = syntheticCreator(seededRandom(3), { creatorId: creator.user.id, videos: 400, observationsPerVideo: 25, until: new Date(Date.now() - 3_600_000), days: 60 });
    const kept = data.videos.slice(1);
    const records: unknown[] = [...kept];
    records.splice(4321, 0, { ...data.videos[0], observationId: 'not-a-uuid' });
    const res = expectStatus(await ingest('videos', records), 202, 'ingest videos');
    expect(res.body).toEqual({ accepted: 9_999, duplicates: 0, rejected: [{ index: 4321, reason: expect.stringContaining('observationId') }], flagged: [] });
    expect(expectStatus(await ingest('followers', data.followers), 202).body.accepted).toBe(61);
    expect(expectStatus(await ingest('audience', data.audience), 202).body.accepted).toBe(1);
    // A connector retrying the same batch changes nothing.
    expect(expectStatus(await ingest('followers', data.followers), 202).body).toMatchObject({ accepted: 0, duplicates: 61 });

    const kpis = await eventually(async () => {
      const r = await api.get<CreatorKpis>(`/v1/creators/${creator.user.id}/metrics?window=90d`, { headers: bearer(creator) });
      return r.status === 200 && r.body.provenance.observationsCounted === 9_999 && r.body.followers !== null ? r.body : null;
    }, 60_000);
    const latest = new Map<string, (typeof data.videos)[number]>();
    for (const v of kept) if (!latest.has(v.videoId) || v.observedAt > latest.get(v.videoId)!.observedAt) latest.set(v.videoId, v);
    const views = [...latest.values()].reduce((n, v) => n + v.views, 0);
    expect(kpis).toMatchObject({ window: '90d', videos: 400, views, followers: data.followers.at(-1)!.followers });
    expect(kpis.provenance).toMatchObject({ videosCounted: 400, observationsCounted: 9_999 });
    const audience = expectStatus(await api.get(`/v1/creators/${creator.user.id}/audience`, { headers: bearer(creator) }), 200).body;
    expect(audience).toMatchObject({ countries: data.audience[0]!.countries });
  });

  it('lets an agency read once the creator granted metrics:read, and no one else', async () => {
    const path = `/v1/creators/${creator.user.id}/metrics`;
    const unknown = `/v1/creators/${randomUUID()}/metrics`;
    expect(problemOf(await api.get(path, { headers: bearer(agency) }), 404)).toEqual(problemOf(await api.get(unknown, { headers: bearer(agency) }), 404));
    await approveGrant(api, creator, (await requestGrant(api, agency, creator, ['metrics:read'])).id);
    await eventually(async () => (await api.get(path, { headers: bearer(agency) })).status === 200, 15_000);
    const brand = await signup(api, 'brand', { org: 'Brand' });
    problemOf(await api.get(path, { headers: bearer(brand) }), 404);
    problemOf(await api.get(path), 401);
  });

  it("an offer's performance: a brand offers, the creator accepts, submits a video the brand approves, a connector ingests it; both sides read views and CPM, a third brand gets 404", async () => {
    const [brand, thirdBrand] = [await signup(api, 'brand', { org: 'Brand' }), await signup(api, 'brand', { org: 'Third brand' })];
    const as = (actor: Actor) => ({ headers: bearer(actor) });
    const campaign = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { ...as(brand), json: campaignBody() }), 201, 'campaign').body;
    // $1,000.00 for one video.
    // Campaigns learns of the creator from identity's sign-up event: retry until it has.
    const offer = await eventually(async () => {
      const res = await api.post<{ id: string }>(`/v1/campaigns/${campaign.id}/offers`, { ...as(brand), json: offerBody(creator.user.id) });
      return res.status === 201 ? res.body : undefined;
    }, 15_000);
    const path = `/v1/offers/${offer.id}/performance`;

    // Sent, not accepted yet: no price, nothing to measure.
    const pending = await eventually(async () => {
      const r = await api.get<OfferPerformance>(path, as(brand));
      return r.status === 200 ? r.body : null;
    }, 15_000);
    expect(pending).toMatchObject({ offerId: offer.id, price: null, videos: [], views: 0, cpm: null, cpe: null, asOf: null });

    await eventually(async () => (await api.get(`/v1/offers/${offer.id}`, as(creator))).status === 200, 15_000);
    expectStatus(await api.post(`/v1/offers/${offer.id}/accept`, { ...as(creator), json: { version: 1 } }), 200, 'accept');
    const videoId = `offer-video-${randomUUID().slice(0, 8)}`;
    const draft = { deliverable: 'video', url: 'https://cdn.example.com/final.mp4', caption: 'Final cut', videoId };
    const submission = expectStatus(await api.post<{ id: string }>(`/v1/offers/${offer.id}/submissions`, { ...as(creator), json: draft }), 201, 'submit').body;
    expectStatus(await api.post(`/v1/offers/${offer.id}/submissions/${submission.id}/review`, { ...as(brand), json: { decision: 'approve', comments: 'Ship it' } }), 200, 'approve');

    // Posted after the acceptance (only then does it count), observed twice since.
    const postedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const observedAt = new Date(postedAt + 40).toISOString();
    const observation = { creatorId: creator.user.id, videoId, postedAt: new Date(postedAt).toISOString(), sixSecondViews: 0, completedViews: 0, avgWatchSeconds: 4 };
    expect(
      expectStatus(
        await ingest('videos', [
          { ...observation, observationId: randomUUID(), observedAt: new Date(postedAt + 20).toISOString(), views: 10_000, likes: 100, comments: 0, shares: 0 },
          { ...observation, observationId: randomUUID(), observedAt, views: 80_000, likes: 3_000, comments: 600, shares: 400 },
        ]),
        202,
      ).body,
    ).toMatchObject({ accepted: 2 });

    const got = await eventually(async () => {
      const r = await api.get<OfferPerformance>(path, as(brand));
      return r.status === 200 && r.body.views === 80_000 && r.body.price ? r.body : null;
    }, 30_000);
    // 100,000 cents / 80,000 views × 1000 = 1,250 cents per thousand views; / 4,000 engagements = 25 cents.
    expect(got).toEqual({
      offerId: offer.id,
      price: { amount: 100_000, currency: 'USD' },
      videos: [{ videoId, views: 80_000, engagements: 4_000, engagementRate: 0.05, observedAt, postedAt: new Date(postedAt).toISOString(), verification: 'verified' }],
      views: 80_000,
      engagements: 4_000,
      engagementRate: 0.05,
      cpm: { amount: 1_250, currency: 'USD' },
      cpe: { amount: 25, currency: 'USD' },
      asOf: observedAt,
      provenance: { videosCounted: 1, videosNotCounted: 0, observationsCounted: 2, formulaVersion: expect.any(String) },
    });
    expect(expectStatus(await api.get<OfferPerformance>(path, as(creator)), 200).body).toEqual(got);

    // A brand that is not a party: the same 404 as an offer that does not exist.
    expect(problemOf(await api.get(path, as(thirdBrand)), 404)).toEqual(problemOf(await api.get(`/v1/offers/${randomUUID()}/performance`, as(thirdBrand)), 404));
    problemOf(await api.get(path), 401);
  });

  it('refuses a key without the ingest scope (403), a revoked key and no key (401), and key management by non-operators (403)', async () => {
    const readOnly = expectStatus(await api.post<{ key: string }>('/v1/api-keys', { headers: bearer(admin), json: { name: 'reader', scopes: ['metrics:read'] } }), 201).body;
    const record = { observationId: randomUUID(), creatorId: creator.user.id, observedAt: new Date().toISOString(), followers: 5 };
    problemOf(await ingest('followers', [record], readOnly.key), 403);
    problemOf(await api.post('/v1/ingest/followers', { json: { records: [record] } }), 401);
    problemOf(await api.post('/v1/api-keys', { headers: bearer(agency), json: { name: 'mine', scopes: ['metrics:ingest'] } }), 403);

    const doomed = expectStatus(await api.post<{ id: string; key: string }>('/v1/api-keys', { headers: bearer(admin), json: { name: 'doomed', scopes: ['metrics:ingest'] } }), 201).body;
    expectStatus(await ingest('followers', [record], doomed.key), 202);
    expect(expectStatus(await api.request<{ revokedAt: string | null }>('DELETE', `/v1/api-keys/${doomed.id}`, { headers: bearer(admin) }), 200).body.revokedAt).not.toBeNull();
    const refused = await ingest('followers', [{ ...record, observationId: randomUUID() }], doomed.key);
    problemOf(refused, 401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^ApiKey/);

    // The operator's list: every key with whether it still works, and no secret anywhere in it.
    const listed = expectStatus(await api.get<{ items: { id: string; name: string; revokedAt: string | null }[] }>('/v1/api-keys?limit=200', { headers: bearer(admin) }), 200, 'list keys');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: doomed.id, name: 'doomed', revokedAt: expect.any(String) }));
    expect(JSON.stringify(listed.body)).not.toContain(doomed.key.split('.')[1]);
    problemOf(await api.get('/v1/api-keys', { headers: bearer(agency) }), 403);
    expect((await api.get<{ platformOperator?: boolean }>('/v1/me', { headers: bearer(admin) })).body.platformOperator).toBe(true);
  });
});

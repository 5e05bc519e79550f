import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { CampaignPerformance, IngestResult, PaymentView } from '#libs/contracts';
import { parse } from 'csv-parse/sync';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { bearer, expectStatus, problemOf, ROOMY_LIMITS, signup, type Actor } from './security/support.js';
import { campaignBody, offerBody } from './security/route-matrix.js';

jest.setTimeout(180_000);

const ADMIN = `ops-${randomUUID().slice(0, 8)}@example.com`;
/** Shared-report reads allowed per address per minute in this stack. */
const SHARED_PER_MINUTE = 20;

/**
 * A campaign's results through the gateway on the whole platform: two creators accept, each
 * delivers a video the brand approves, a connector reports views; the results add up exactly
 * what a direct computation over the approved, verified videos and the payment schedules gives.
 * A video posted before the deal was accepted cannot be approved; one metrics has not seen yet
 * counts once it is seen.
 */
describe('campaign results through the gateway', () => {
  const stack = useStack({ env: { ...ROOMY_LIMITS, PLATFORM_ADMINS: ADMIN, SHARED_REPORT_MAX_PER_MINUTE: String(SHARED_PER_MINUTE) } });
  let api: GatewayClient;
  let key: string;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    const admin = expectStatus(await api.post<Actor>('/v1/auth/signup', { json: { email: ADMIN, password: `pw-${randomUUID()}`, name: 'Ops', kind: 'manager' } }), 201).body;
    key = expectStatus(await api.post<{ key: string }>('/v1/api-keys', { headers: bearer(admin), json: { name: 'connector', scopes: ['metrics:ingest'] } }), 201).body.key;
  }, 120_000);

  const as = (actor: Actor) => ({ headers: bearer(actor) });
  const ingestVideo = async (creatorId: string, videoId: string, postedAt: Date, counters: { views: number; likes: number; comments: number; shares: number }) => {
    const record = { observationId: randomUUID(), creatorId, videoId, postedAt: postedAt.toISOString(), observedAt: new Date().toISOString(), sixSecondViews: 0, completedViews: 0, avgWatchSeconds: 5, ...counters };
    expect(expectStatus(await api.post<IngestResult>('/v1/ingest/videos', { headers: { 'x-api-key': key }, json: { records: [record] } }), 202).body.accepted).toBe(1);
  };

  async function acceptedDeal(brand: Actor, campaignId: string, creator: Actor, amount: number) {
    const offer = await eventually(async () => {
      const res = await api.post<{ id: string }>(`/v1/campaigns/${campaignId}/offers`, { ...as(brand), json: { ...offerBody(creator.user.id), price: { amount, currency: 'USD' } } });
      return res.status === 201 ? res.body : undefined;
    }, 15_000);
    await eventually(async () => (await api.get(`/v1/offers/${offer.id}`, as(creator))).status === 200, 15_000);
    expectStatus(await api.post(`/v1/offers/${offer.id}/accept`, { ...as(creator), json: { version: 1 } }), 200, 'accept');
    return offer.id;
  }

  const submit = async (creator: Actor, offerId: string, videoId: string) =>
    expectStatus(await api.post<{ id: string }>(`/v1/offers/${offerId}/submissions`, { ...as(creator), json: { deliverable: 'video', url: 'https://cdn.example.com/v.mp4', caption: 'Cut', videoId } }), 201, 'submit').body.id;
  const review = (brand: Actor, offerId: string, submissionId: string, decision: 'approve' | 'request_changes') =>
    api.post(`/v1/offers/${offerId}/submissions/${submissionId}/review`, { ...as(brand), json: { decision, comments: 'Seen' } });

  it('adds up exactly the approved, verified videos and the payment schedules; refuses a video posted before acceptance; counts an unseen video once seen; other brands get 404', async () => {
    const [brand, otherBrand, mia, noah] = await Promise.all([
      signup(api, 'brand', { org: 'Brand' }),
      signup(api, 'brand', { org: 'Other brand' }),
      signup(api, 'creator', { name: 'Mia Torres' }),
      signup(api, 'creator', { name: 'Noah Berg' }),
    ]);
    const campaign = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { ...as(brand), json: { ...campaignBody(), name: 'Winter results' } }), 201).body;
    const path = `/v1/campaigns/${campaign.id}/performance`;

    // A video Noah posted in September, long before this deal.
    const oldVideo = `old-${randomUUID().slice(0, 8)}`;
    await ingestVideo(noah.user.id, oldVideo, new Date('2026-09-09T12:00:00.000Z'), { views: 5_000_000, likes: 90_000, comments: 0, shares: 0 });

    await eventually(async () => {
      const r = await api.get<{ videos: number }>(`/v1/creators/${noah.user.id}/metrics`, as(noah));
      return r.status === 200 && r.body.videos >= 1;
    }, 30_000);
    const miaOffer = await acceptedDeal(brand, campaign.id, mia, 150_000);
    const noahOffer = await acceptedDeal(brand, campaign.id, noah, 250_000);

    // Mia's draft is approved before it is posted; she then names the live video, which metrics
    // does not know yet: listed as unverified, not counted. Naming it took no new round.
    const miaVideo = `mia-${randomUUID().slice(0, 8)}`;
    const miaDraft = expectStatus(await api.post<{ id: string }>(`/v1/offers/${miaOffer}/submissions`, { ...as(mia), json: { deliverable: 'video', url: 'https://cdn.example.com/cut.mp4', caption: 'Cut' } }), 201).body.id;
    expectStatus(await review(brand, miaOffer, miaDraft, 'approve'), 200, 'approve Mia');
    const linkVideo = (videoId: string) => api.post<{ round: number; videoId: string; status: string }>(`/v1/offers/${miaOffer}/submissions/${miaDraft}/video`, { ...as(mia), json: { videoId } });
    problemOf(await linkVideo(oldVideo), 422);
    expect(expectStatus(await linkVideo(miaVideo), 200, 'link the live video').body).toMatchObject({ round: 1, videoId: miaVideo, status: 'approved' });
    problemOf(await linkVideo(`again-${randomUUID().slice(0, 8)}`), 409);
    const miaDrafts = expectStatus(await api.get<{ items: { round: number; status: string }[] }>(`/v1/offers/${miaOffer}/submissions`, as(mia)), 200).body.items;
    expect(miaDrafts.map((d) => [d.round, d.status])).toEqual([[1, 'approved']]);

    // Noah's September video: approval refused, naming both dates.
    const stale = await submit(noah, noahOffer, oldVideo);
    const problem = problemOf(await review(brand, noahOffer, stale, 'approve'), 422);
    expect(problem.detail).toContain('2026-09-09');
    expect(problem.detail).toContain(new Date().toISOString().slice(0, 10));
    expectStatus(await review(brand, noahOffer, stale, 'request_changes'), 200, 'ask for the real video');
    const noahVideo = `noah-${randomUUID().slice(0, 8)}`;
    await ingestVideo(noah.user.id, noahVideo, new Date(), { views: 40_000, likes: 1_500, comments: 300, shares: 200 });
    expectStatus(await review(brand, noahOffer, await submit(noah, noahOffer, noahVideo), 'approve'), 200, 'approve Noah');

    const withNoah = await eventually(async () => {
      const r = await api.get<CampaignPerformance>(path, as(brand));
      return r.status === 200 && r.body.views === 40_000 ? r.body : undefined;
    }, 30_000);
    expect(withNoah.creators.find((c) => c.creatorId === mia.user.id)).toMatchObject({ displayName: 'Mia Torres', views: 0, videos: [{ verification: 'unverified', views: 0 }] });
    expect(withNoah.provenance).toMatchObject({ videosCounted: 1, videosNotCounted: 1, degraded: [] });

    // Metrics sees Mia's video, posted after her acceptance: it counts from now on.
    await ingestVideo(mia.user.id, miaVideo, new Date(), { views: 60_000, likes: 2_000, comments: 500, shares: 500 });
    const got = await eventually(async () => {
      const r = await api.get<CampaignPerformance>(path, as(brand));
      return r.status === 200 && r.body.views === 100_000 ? r.body : undefined;
    }, 30_000);

    // The direct computation: schedules from negotiation, views of the two verified videos.
    const schedules = await Promise.all([miaOffer, noahOffer].map(async (id) => expectStatus(await api.get<{ items: PaymentView[] }>(`/v1/offers/${id}/payments`, as(brand)), 200).body.items));
    const live = schedules.flat().filter((p) => p.status !== 'void');
    const committed = live.reduce((n, p) => n + p.amount.amount, 0);
    const paid = live.filter((p) => p.status === 'paid').reduce((n, p) => n + p.amount.amount, 0);
    expect(committed).toBe(400_000);
    const views = 60_000 + 40_000;
    const engagements = 3_000 + 2_000;
    expect(got).toMatchObject({
      campaignId: campaign.id,
      name: 'Winter results',
      budget: { amount: 1_000_000, currency: 'USD' },
      committed: { amount: committed, currency: 'USD' },
      paid: { amount: paid, currency: 'USD' },
      remaining: { amount: 1_000_000 - committed, currency: 'USD' },
      views,
      engagements,
      engagementRate: engagements / views,
      cpm: { amount: Math.round((committed * 1000) / views), currency: 'USD' },
      cpe: { amount: Math.round(committed / engagements), currency: 'USD' },
      provenance: { videosCounted: 2, videosNotCounted: 0, degraded: [] },
    });
    const rows = Object.fromEntries(got.creators.map((c) => [c.displayName, c]));
    expect(rows['Mia Torres']).toMatchObject({ price: { amount: 150_000 }, views: 60_000, engagements: 3_000, cpm: { amount: 2_500 }, cpe: { amount: 50 }, videos: [{ verification: 'verified' }] });
    expect(rows['Noah Berg']).toMatchObject({ price: { amount: 250_000 }, views: 40_000, engagements: 2_000, cpm: { amount: 6_250 }, cpe: { amount: 125 } });
    // Views over time: today's point of each deal is its verified video's latest figure.
    const today = new Date().toISOString().slice(0, 10);
    expect(rows['Mia Torres']!.viewsOverTime.at(-1)).toEqual({ day: today, views: 60_000 });
    expect(rows['Noah Berg']!.viewsOverTime.at(-1)).toEqual({ day: today, views: 40_000 });
    // Noah's September video was never approved: nothing of it is in the results.
    expect(JSON.stringify(got)).not.toContain(oldVideo);

    // The same rows as a spreadsheet: names, major units beside the currency.
    const csv = expectStatus(await api.get(path, { headers: { ...as(brand).headers, accept: 'text/csv' } }), 200, 'csv');
    expect(csv.contentType).toBe('text/csv');
    const sheet = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(Object.fromEntries(sheet.map((r) => [r.Creator, r]))).toEqual({
      'Mia Torres': expect.objectContaining({ Price: '1500.00', Currency: 'USD', Views: '60000', Engagements: '3000', CPM: '25.00', CPE: '0.50', 'Videos counted': '1' }),
      'Noah Berg': expect.objectContaining({ Price: '2500.00', Currency: 'USD', Views: '40000', Engagements: '2000', CPM: '62.50', CPE: '1.25' }),
    });
    problemOf(await api.get(path, { headers: { ...as(otherBrand).headers, accept: 'text/csv' } }), 404);

    // Another brand, or an unknown campaign: the same 404; a creator is refused.
    expect(problemOf(await api.get(path, as(otherBrand)), 404)).toEqual(problemOf(await api.get(`/v1/campaigns/${randomUUID()}/performance`, as(otherBrand)), 404));
    problemOf(await api.get(path, as(mia)), 403);

    // A share link: the same figures without a login, names but no ids, never indexed.
    const links = `/v1/campaigns/${campaign.id}/share-links`;
    const link = expectStatus(await api.post<{ id: string; url: string; status: string }>(links, { ...as(brand), json: { expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() } }), 201, 'share').body;
    expect(link).toMatchObject({ status: 'active', url: expect.stringMatching(/\/shared\/[A-Za-z0-9_-]{43}$/) });
    const token = link.url.split('/shared/')[1]!;
    const sharedPath = `/v1/shared/${token}`;
    const shared = await api.get<Record<string, unknown> & { creators: Record<string, unknown>[] }>(sharedPath);
    expectStatus(shared, 200, 'shared report');
    expect(shared.headers.get('x-robots-tag')).toMatch(/noindex/);
    const { campaignId: _id, creators: ownRows, provenance: _p, ...figures } = got;
    expect(shared.body).toMatchObject({ ...figures, name: 'Winter results', brandName: expect.stringContaining('Brand') });
    expect(shared.body.creators.map((c) => c.displayName).sort()).toEqual(['Mia Torres', 'Noah Berg']);
    expect(shared.body.creators.map((c) => c.views).sort()).toEqual(ownRows.map((c) => c.views).sort());
    // Exposes nothing else: no id of the brand, the campaign, its offers, its creators or the link.
    const text = JSON.stringify(shared.body);
    for (const id of [campaign.id, brand.organization!.id, brand.user.id, mia.user.id, noah.user.id, miaOffer, noahOffer, link.id, token]) expect(text).not.toContain(id);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    // The brand lists it, without the token; others cannot.
    const listed = expectStatus(await api.get<{ items: { id: string; status: string }[] }>(links, as(brand)), 200).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: link.id, status: 'active' })]);
    expect(JSON.stringify(listed)).not.toContain(token);
    problemOf(await api.get(links, as(otherBrand)), 404);
    problemOf(await api.request('DELETE', `${links}/${link.id}`, as(otherBrand)), 404);

    // Revoked: 404 at once, like a token that never existed.
    expect(expectStatus(await api.request<{ status: string }>('DELETE', `${links}/${link.id}`, as(brand)), 200).body.status).toBe('revoked');
    const gone = problemOf(await api.get(sharedPath), 404);
    expect(gone).toEqual(problemOf(await api.get(`/v1/shared/${'x'.repeat(43)}`), 404));

    // Expired: 404 from its expiry on.
    const expiresAt = Date.now() + 3_000;
    const brief = expectStatus(await api.post<{ url: string }>(links, { ...as(brand), json: { expiresAt: new Date(expiresAt).toISOString() } }), 201).body;
    const briefPath = `/v1/shared/${brief.url.split('/shared/')[1]}`;
    expectStatus(await api.get(briefPath), 200, 'before expiry');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 200));
    problemOf(await api.get(briefPath), 404);
    // An expiry in the past is refused.
    problemOf(await api.post(links, { ...as(brand), json: { expiresAt: new Date(Date.now() - 1_000).toISOString() } }), 422);

    // Reads are rate limited per address: past the minute's allowance, 429 with the wait.
    const answers = [];
    for (let i = 0; i < SHARED_PER_MINUTE; i++) answers.push((await api.get(sharedPath)).status);
    expect(answers).toContain(429);
    const limited = await api.get(sharedPath);
    problemOf(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

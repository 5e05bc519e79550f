import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { metricsContracts as c, negotiationEvents, termsSchema, type OfferPerformance, type PayloadOf, type Principal } from '#libs/contracts';
import { appErrorOf, bootService, eventually, withPgClient, type ServiceUnderTest } from '#libs/testing';
import { metricsApp } from '../metrics.app.js';
import { publishEvent, publishGrant, publishObservations } from '../metrics.test-support.js';

jest.setTimeout(60_000);

const creatorPrincipal = (creatorId: string): Principal => ({ userId: creatorId, kind: 'creator', orgId: null, orgKind: null, role: null });
const brandPrincipal = (brandId: string): Principal => ({ userId: randomUUID(), kind: 'brand', orgId: brandId, orgKind: 'brand', role: 'viewer' });
const agencyPrincipal = (agencyId: string): Principal => ({ userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role: 'viewer' });

/**
 * Offer performance on metrics alone: the offer events campaigns and negotiation publish, and
 * ingestion's observations, go in over a real nats-server; performance comes out of metrics'
 * NATS subject, against its own PostgreSQL tables.
 */
describe('offer performance (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;

  beforeAll(async () => {
    sut = await bootService(metricsApp, { BENCHMARK_INTERVAL_MS: '3600000' });
  }, 60_000);
  afterAll(async () => sut?.close());

  const count = (sql: string, params: unknown[]) => withPgClient(sut.db.url, async (pg) => Number((await pg.query<{ n: number }>(sql, params)).rows[0]!.n));
  const performance = (offerId: string, principal: Principal) => sut.client.request(c.offerPerformance, { offerId }, { principal });
  const hours = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

  function newOffer() {
    const o = { offerId: randomUUID(), campaignId: randomUUID(), brandId: randomUUID(), creatorId: randomUUID() };
    // `version` is the terms version; the envelope's aggregateVersion orders the offer's events.
    const base = (workStatus: 'active' | 'approved') => ({
      ...o,
      occurredAt: new Date().toISOString(),
      status: 'accepted' as const,
      workStatus,
      version: 1,
      actor: { side: 'brand' as const, userId: randomUUID(), onBehalfOf: null, grantId: null },
    });
    return {
      ...o,
      created: () =>
        publishEvent(sut.clientConnection, negotiationEvents.opened, o.offerId, 1, {
          ...base('active'),
          status: 'awaiting_response',
          workStatus: null,
          campaignName: 'Winter launch',
          brandName: 'Brand',
          terms: termsSchema.parse({
            price: { amount: 250_000, currency: 'USD' },
            paymentTerms: { upfrontPercent: 30, netDays: 30 },
            deliverables: [{ type: 'video', quantity: 1, dueAt: '2027-01-20T00:00:00.000Z' }],
            usageRightsDays: 90,
            exclusivityDays: 30,
            revisionRounds: 1,
          }),
          price: { amount: 250_000, currency: 'USD' },
          respondBy: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          belowRateCard: null,
          rateCardPrice: null,
          rateCardVersion: null,
          sentBy: randomUUID(),
        }),
      accepted: (version: number, amount = 300_000) =>
        publishEvent(sut.clientConnection, negotiationEvents.accepted, o.offerId, version, {
          ...base('active'),
          // Accepted three days ago: the videos below, posted two days ago, were made for it.
          occurredAt: hours(72),
          price: { amount, currency: 'USD' },
          contractId: randomUUID(),
          termsHash: 'a'.repeat(64),
        } satisfies PayloadOf<typeof negotiationEvents.accepted>),
      approved: (version: number, fields: { deliverable?: 'video' | 'story' | 'live'; round?: number; videoId: string | null }) =>
        publishEvent(sut.clientConnection, negotiationEvents.approved, o.offerId, version, {
          ...base('approved'),
          submissionId: randomUUID(),
          deliverable: fields.deliverable ?? 'video',
          round: fields.round ?? 1,
          deemed: false,
          videoId: fields.videoId,
        } satisfies PayloadOf<typeof negotiationEvents.approved>),
    };
  }

  const video = (creatorId: string, videoId: string, observedAt: string, views: number, likes: number, postedAt = hours(48)) => ({
    observationId: randomUUID(),
    creatorId,
    videoId,
    postedAt,
    observedAt,
    views,
    sixSecondViews: 0,
    completedViews: 0,
    likes,
    comments: 0,
    shares: 0,
    avgWatchSeconds: 3,
  });

  it('an offer sent but not accepted: its parties read zeros and nulls, strangers and unknown ids get the same 404', async () => {
    const offer = newOffer();
    await offer.created();
    const got = await eventually(() => performance(offer.offerId, brandPrincipal(offer.brandId)), 15_000);
    expect(got).toEqual({
      offerId: offer.offerId,
      price: null,
      videos: [],
      views: 0,
      engagements: 0,
      engagementRate: null,
      cpm: null,
      cpe: null,
      asOf: null,
      provenance: { videosCounted: 0, videosNotCounted: 0, observationsCounted: 0, formulaVersion: expect.any(String) },
    } satisfies OfferPerformance);
    expect(await performance(offer.offerId, creatorPrincipal(offer.creatorId))).toEqual(got);

    const stranger = await appErrorOf(performance(offer.offerId, brandPrincipal(randomUUID())));
    const unknown = await appErrorOf(performance(randomUUID(), brandPrincipal(offer.brandId)));
    expect(stranger.code).toBe('not_found');
    expect({ ...stranger, stack: undefined }).toEqual({ ...unknown, stack: undefined });
    expect((await appErrorOf(performance(offer.offerId, creatorPrincipal(randomUUID())))).code).toBe('not_found');
  });

  it('an approval that overtakes the acceptance loses nothing; views, CPM and CPE count only the offer creator\'s video', async () => {
    const offer = newOffer();
    const other = randomUUID();
    await offer.approved(6, { videoId: 'vid-1' });
    await eventually(() => performance(offer.offerId, brandPrincipal(offer.brandId)), 15_000);
    await offer.accepted(3);
    const latestAt = hours(2);
    await publishObservations(sut.clientConnection, {
      videos: [
        video(offer.creatorId, 'vid-1', hours(5), 40_000, 1_000),
        video(offer.creatorId, 'vid-1', latestAt, 120_000, 6_000),
        // Another creator's video with the same id never counts.
        video(other, 'vid-1', hours(1), 9_999_999, 9_999),
        // Nor does a video of the creator the offer does not name.
        video(offer.creatorId, 'vid-unrelated', hours(1), 1_000_000, 1),
      ],
    });
    const got = await eventually(async () => {
      const p = await performance(offer.offerId, brandPrincipal(offer.brandId));
      return p.price && p.provenance.observationsCounted === 2 ? p : undefined;
    }, 15_000);
    // $3,000.00 for 120,000 views and 6,000 engagements: $25.00 per thousand views, 50 cents per engagement.
    expect(got).toEqual({
      offerId: offer.offerId,
      price: { amount: 300_000, currency: 'USD' },
      videos: [{ videoId: 'vid-1', views: 120_000, engagements: 6_000, engagementRate: 0.05, observedAt: latestAt, postedAt: expect.any(String), verification: 'verified' }],
      views: 120_000,
      engagements: 6_000,
      engagementRate: 0.05,
      cpm: { amount: 2_500, currency: 'USD' },
      cpe: { amount: 50, currency: 'USD' },
      asOf: latestAt,
      provenance: { videosCounted: 1, videosNotCounted: 0, observationsCounted: 2, formulaVersion: expect.any(String) },
    });
  });

  it('a later approved round replaces the deliverable\'s video; a redelivered older approval changes nothing; other deliverables add up', async () => {
    const offer = newOffer();
    await offer.accepted(2, 100_000);
    const first = await offer.approved(4, { videoId: 'draft-cut', round: 1 });
    await offer.approved(7, { videoId: 'final-cut', round: 2 });
    await offer.approved(8, { deliverable: 'story', videoId: 'story-1' });
    await publishObservations(sut.clientConnection, {
      videos: [video(offer.creatorId, 'draft-cut', hours(3), 500_000, 5_000), video(offer.creatorId, 'final-cut', hours(3), 30_000, 900), video(offer.creatorId, 'story-1', hours(2), 10_000, 100)],
    });
    const ids = (p: OfferPerformance) => p.videos.map((v) => v.videoId);
    await eventually(async () => (await performance(offer.offerId, creatorPrincipal(offer.creatorId))).views === 40_000, 15_000);

    // The round-1 approval again, as a relay re-sending it after JetStream's dedup window would
    // (same envelope id: the inbox drops it), and as a distinct late event (applyInOrder drops it).
    await jetstream(sut.clientConnection).publish(negotiationEvents.approved.subject, JSON.stringify(first), { msgID: randomUUID() });
    await offer.approved(5, { videoId: 'draft-cut', round: 1 });
    // Settled: an event published after them has been applied (one consumer, in order).
    await offer.approved(9, { deliverable: 'live', videoId: null });
    await eventually(async () => (await count(`select count(*)::int as n from metrics.offer_videos where offer_id = $1 and deliverable = 'live'`, [offer.offerId])) === 1, 15_000);

    const got = await performance(offer.offerId, creatorPrincipal(offer.creatorId));
    expect(ids(got)).toEqual(['final-cut', 'story-1']);
    // $1,000.00 over 40,000 views and 1,000 engagements.
    expect(got).toMatchObject({ views: 40_000, engagements: 1_000, engagementRate: 0.025, cpm: { amount: 2_500, currency: 'USD' }, cpe: { amount: 100, currency: 'USD' } });
    expect(await count(`select count(*)::int as n from metrics.inbox where event_id = $1`, [first.id])).toBe(1);
  });

  it('draws the verified videos\' views day by day, each carried forward between its observations', async () => {
    const offer = newOffer();
    await offer.accepted(2, 100_000);
    await offer.approved(3, { videoId: 'day-a' });
    await offer.approved(4, { deliverable: 'story', videoId: 'day-b' });
    const [a1, b1, a2] = [hours(46), hours(30), hours(2)];
    await publishObservations(sut.clientConnection, { videos: [video(offer.creatorId, 'day-a', a1, 1_000, 10), video(offer.creatorId, 'day-b', b1, 700, 7)] });
    await publishObservations(sut.clientConnection, { videos: [video(offer.creatorId, 'day-a', a2, 5_000, 50)] });
    await eventually(async () => (await performance(offer.offerId, creatorPrincipal(offer.creatorId))).views === 5_700, 15_000);

    const { items } = await sut.client.request(c.offerPerformanceBatch, { offerIds: [offer.offerId] }, { principal: creatorPrincipal(offer.creatorId) });
    const day = (iso: string) => iso.slice(0, 10);
    const expected: { day: string; views: number }[] = [];
    for (let d = new Date(`${day(a1)}T00:00:00Z`); d.toISOString().slice(0, 10) <= day(a2); d = new Date(d.getTime() + 86_400_000)) {
      const today = d.toISOString().slice(0, 10);
      expected.push({ day: today, views: (today < day(a2) ? 1_000 : 5_000) + (today < day(b1) ? 0 : 700) });
    }
    expect(items[0]!.viewsOverTime).toEqual(expected);
    expect(expected.at(-1)!.views).toBe(5_700);
  });

  it('a linked video without observations is listed with zeros and no CPM until views arrive', async () => {
    const offer = newOffer();
    await offer.accepted(2);
    await offer.approved(3, { videoId: 'not-yet-posted' });
    const got = await eventually(async () => {
      const p = await performance(offer.offerId, creatorPrincipal(offer.creatorId)).catch(() => undefined);
      return p?.price && p.videos.length ? p : undefined;
    }, 15_000);
    expect(got).toMatchObject({
      videos: [{ videoId: 'not-yet-posted', views: 0, engagements: 0, engagementRate: null, observedAt: null, postedAt: null, verification: 'unverified' }],
      views: 0,
      engagementRate: null,
      cpm: null,
      cpe: null,
      asOf: null,
      provenance: { videosCounted: 0, videosNotCounted: 1, observationsCounted: 0 },
    });

    // Once metrics sees it, posted after acceptance, it counts.
    await publishObservations(sut.clientConnection, { videos: [video(offer.creatorId, 'not-yet-posted', hours(1), 8_000, 400, hours(24))] });
    const seen = await eventually(async () => {
      const p = await performance(offer.offerId, creatorPrincipal(offer.creatorId));
      return p.views ? p : undefined;
    }, 15_000);
    expect(seen).toMatchObject({ views: 8_000, engagements: 400, videos: [{ verification: 'verified', views: 8_000 }], provenance: { videosCounted: 1, videosNotCounted: 0 } });
    // Taken together with a spend of $1,000.00: $125.00 per thousand views, $2.50 per engagement.
    const { totals } = await sut.client.request(c.offerPerformanceBatch, { offerIds: [offer.offerId], spend: { amount: 100_000, currency: 'USD' } }, { principal: creatorPrincipal(offer.creatorId) });
    expect(totals).toMatchObject({ views: 8_000, engagements: 400, engagementRate: 0.05, cpm: { amount: 12_500, currency: 'USD' }, cpe: { amount: 250, currency: 'USD' }, videosCounted: 1 });
  });

  it('a video posted before acceptance, or known only as another creator\'s, is listed but never counted', async () => {
    const offer = newOffer();
    await offer.accepted(2);
    await offer.approved(3, { videoId: 'old-post' });
    await offer.approved(4, { deliverable: 'story', videoId: 'someone-elses' });
    await publishObservations(sut.clientConnection, {
      videos: [video(offer.creatorId, 'old-post', hours(1), 900_000, 9_000, hours(24 * 90)), video(randomUUID(), 'someone-elses', hours(1), 700_000, 7_000)],
    });
    const got = await eventually(async () => {
      const p = await performance(offer.offerId, brandPrincipal(offer.brandId));
      return p.videos.length === 2 && p.videos.every((v) => v.verification !== 'unverified') ? p : undefined;
    }, 15_000);
    expect(got.videos.map((v) => [v.videoId, v.verification, v.views])).toEqual([
      ['old-post', 'posted_before_acceptance', 0],
      ['someone-elses', 'other_creator', 0],
    ]);
    expect(got).toMatchObject({ views: 0, cpm: null, provenance: { videosCounted: 0, videosNotCounted: 2 } });

    // The batch answers the same per offer, and leaves out offers the caller is no party to.
    const stranger = newOffer();
    await stranger.created();
    await eventually(() => performance(stranger.offerId, brandPrincipal(stranger.brandId)), 15_000);
    const batch = await sut.client.request(c.offerPerformanceBatch, { offerIds: [offer.offerId, stranger.offerId] }, { principal: brandPrincipal(offer.brandId) });
    expect(batch.items).toEqual([{ ...got, creatorId: offer.creatorId, acceptedAt: expect.any(String), viewsOverTime: [] }]);
  });

  it('agencies read through a grant with a scope on offers (any role); metrics:read alone is 403; no grant 404', async () => {
    const offer = newOffer();
    await offer.created();
    await eventually(() => performance(offer.offerId, creatorPrincipal(offer.creatorId)), 15_000);
    const agency = randomUUID();
    const grant = { grantId: randomUUID(), agencyId: agency, creatorId: offer.creatorId, scopes: ['metrics:read' as const], version: 1 };
    expect((await appErrorOf(performance(offer.offerId, agencyPrincipal(agency)))).code).toBe('not_found');
    await publishGrant(sut.clientConnection, 'activated', grant);
    await eventually(async () => (await appErrorOf(performance(offer.offerId, agencyPrincipal(agency)))).code === 'forbidden', 15_000);
    await publishGrant(sut.clientConnection, 'scopesChanged', { ...grant, scopes: ['metrics:read', 'campaigns:read'], version: 2 });
    await eventually(() => performance(offer.offerId, agencyPrincipal(agency)), 15_000);
    await publishGrant(sut.clientConnection, 'revoked', { ...grant, version: 3 });
    await eventually(async () => (await appErrorOf(performance(offer.offerId, agencyPrincipal(agency)))).code === 'not_found', 15_000);
  });
});

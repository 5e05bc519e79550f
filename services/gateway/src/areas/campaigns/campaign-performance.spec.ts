import { randomUUID } from 'node:crypto';
import type { CampaignDetail, OfferPerformanceItem, PaymentView } from '#libs/contracts';
import { composeCampaignPerformance, scheduleTotals } from './campaign-performance.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const at = '2026-12-01T00:00:00.000Z';

function deal(status: CampaignDetail['creators'][number]['status'], amount: number, name: string) {
  const creatorId = randomUUID();
  return {
    creatorId,
    creator: { id: creatorId, handle: name.toLowerCase(), displayName: name },
    offerId: randomUUID(),
    status,
    tab: 'active' as const,
    price: usd(amount),
    belowRateCard: null,
    respondBy: at,
    sentAt: at,
  };
}

function campaignWith(creators: CampaignDetail['creators']): CampaignDetail {
  return {
    id: randomUUID(),
    brand: { id: randomUUID(), name: 'Brand' },
    name: 'Winter',
    brief: '',
    objectives: [],
    budget: usd(500_000),
    startsAt: at,
    endsAt: at,
    deliverables: [],
    targetAudience: {} as never,
    createdBy: randomUUID(),
    createdAt: at,
    counts: { pending: 0, active: 0, completed: 0, inactive: 0 },
    status: 'active',
    version: 1,
    committed: usd(0),
    remaining: usd(500_000),
    updatedAt: at,
    creators,
  };
}

const payment = (offerId: string, amount: number, status: PaymentView['status']): PaymentView =>
  ({ id: randomUUID(), offerId, amount: usd(amount), status }) as PaymentView;

function perf(offerId: string, creatorId: string, views: number, engagements: number): OfferPerformanceItem {
  return {
    offerId,
    creatorId,
    acceptedAt: at,
    price: usd(1),
    videos: [{ videoId: 'v', views, engagements, engagementRate: engagements / views, observedAt: at, postedAt: at, verification: 'verified' }],
    views,
    engagements,
    engagementRate: engagements / views,
    cpm: null,
    cpe: null,
    asOf: at,
    provenance: { videosCounted: 1, videosNotCounted: 0, observationsCounted: 1, formulaVersion: 'f' },
  };
}

describe('scheduleTotals', () => {
  it('commits every payment but the voided ones and pays the paid ones', () => {
    expect(scheduleTotals([payment('o', 30_000, 'paid'), payment('o', 70_000, 'void'), payment('o', 10_000, 'due')])).toEqual({ committed: 40_000, paid: 30_000 });
    expect(scheduleTotals([])).toEqual({ committed: 0, paid: 0 });
  });
});

describe('composeCampaignPerformance', () => {
  const active = deal('active', 300_000, 'Mia');
  // Cancelled after a draft: 10 % of its 400,000 left owed, the rest of the schedule voided.
  const cancelled = deal('cancelled', 400_000, 'Noah');
  const pending = deal('awaiting_response', 900_000, 'Ola');
  const campaign = campaignWith([active, cancelled, pending]);
  const schedules = new Map([
    [active.offerId, [payment(active.offerId, 90_000, 'paid'), payment(active.offerId, 210_000, 'scheduled')]],
    [cancelled.offerId, [payment(cancelled.offerId, 120_000, 'void'), payment(cancelled.offerId, 280_000, 'void'), payment(cancelled.offerId, 40_000, 'due')]],
  ]);
  const totals = { views: 80_000, engagements: 4_000, engagementRate: 0.05, cpm: usd(4_250), cpe: usd(85), asOf: at, videosCounted: 1, videosNotCounted: 0, observationsCounted: 1, formulaVersion: 'f' };

  it('counts contracted deals only; a cancelled deal commits its settlement; remaining is the budget less committed', () => {
    const got = composeCampaignPerformance({ campaign, schedules, metrics: { items: [perf(active.offerId, active.creatorId, 80_000, 4_000)], totals }, generatedAt: new Date(at) });
    expect(got).toMatchObject({ committed: usd(340_000), paid: usd(90_000), remaining: usd(160_000), views: 80_000, engagements: 4_000, cpm: usd(4_250), cpe: usd(85) });
    expect(got.creators.map((c) => [c.displayName, c.committed?.amount, c.paid?.amount, c.views])).toEqual([
      ['Mia', 300_000, 90_000, 80_000],
      ['Noah', 40_000, 0, 0],
    ]);
    expect(got.provenance.degraded).toEqual([]);
  });

  it('names a part that did not answer and leaves its figures null rather than zero', () => {
    const noPayments = composeCampaignPerformance({ campaign, schedules: null, metrics: { items: [], totals }, generatedAt: new Date(at) });
    expect(noPayments).toMatchObject({ committed: null, paid: null, remaining: null, views: 80_000 });
    expect(noPayments.provenance.degraded).toEqual(['payments']);
    const noMetrics = composeCampaignPerformance({ campaign, schedules, metrics: null, generatedAt: new Date(at) });
    expect(noMetrics).toMatchObject({ committed: usd(340_000), views: null, engagements: null, cpm: null });
    expect(noMetrics.creators[0]!.views).toBeNull();
    expect(noMetrics.provenance.degraded).toEqual(['metrics']);
  });

  it('a campaign without contracted deals: the whole budget remains, nothing measured, nothing degraded', () => {
    const got = composeCampaignPerformance({ campaign: campaignWith([pending]), schedules: new Map(), metrics: { items: [], totals: null }, generatedAt: new Date(at) });
    expect(got).toMatchObject({ committed: usd(0), paid: usd(0), remaining: usd(500_000), views: 0, cpm: null, creators: [] });
    expect(got.provenance.degraded).toEqual([]);
  });
});

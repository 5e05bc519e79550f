import {
  campaignsContracts,
  metricsContracts,
  negotiationContracts,
  type CampaignDetail,
  type CampaignPerformance,
  type CampaignPerformanceCreator,
  type LifecycleStatus,
  type Money,
  type OfferPerformanceItem,
  type OffersTotals,
  type PaymentView,
} from '#libs/contracts';
import type { StreamableFile } from '@nestjs/common';
import { runSection } from '../../composition/sections.js';
import { csvFile, moneyCell, wantsCsv, type CsvColumns } from '../../routes/csv-export.js';
import type { RouteContext } from '../../routes/route.js';
import type { SectionCall } from '../roster/section-call.js';

/** Deals that reached a contract: accepted, at work, done, or ended by agreement afterwards. */
const CONTRACTED: ReadonlySet<LifecycleStatus> = new Set([
  'accepted',
  'active',
  'content_submitted',
  'revisions_requested',
  'approved',
  'completed',
  'cancellation_requested',
  'cancelled',
]);

type Deal = CampaignDetail['creators'][number];

export interface PerformanceParts {
  campaign: CampaignDetail;
  /** Each contracted deal's payment schedule by offer id; null when negotiation did not answer. */
  schedules: Map<string, PaymentView[]> | null;
  /** Metrics' figures per offer and their totals (of `committed`); null when metrics did not answer. */
  metrics: { items: OfferPerformanceItem[]; totals: OffersTotals | null } | null;
  generatedAt: Date;
}

export function contractedDeals(campaign: CampaignDetail): Deal[] {
  return campaign.creators.filter((d) => CONTRACTED.has(d.status));
}

const money = (amount: number, currency: string): Money => ({ amount, currency });

/** What a schedule binds the brand to (voided lines never will be paid) and what is paid of it. */
export function scheduleTotals(payments: readonly PaymentView[]): { committed: number; paid: number } {
  const live = payments.filter((p) => p.status !== 'void');
  return { committed: live.reduce((n, p) => n + p.amount.amount, 0), paid: live.filter((p) => p.status === 'paid').reduce((n, p) => n + p.amount.amount, 0) };
}

/**
 * The campaign's results from its parts, as plain rows (one per contracted deal): pure, so the
 * JSON answer, a shared report and an export all read the same figures.
 */
export function composeCampaignPerformance({ campaign, schedules, metrics, generatedAt }: PerformanceParts): CampaignPerformance {
  const currency = campaign.budget.currency;
  const deals = contractedDeals(campaign);
  const byOffer = new Map((metrics?.items ?? []).map((i) => [i.offerId, i]));
  const totalsOfDeal = (d: Deal) => (schedules ? scheduleTotals(schedules.get(d.offerId) ?? []) : null);
  const creators: CampaignPerformanceCreator[] = deals.map((d) => {
    const perf = byOffer.get(d.offerId);
    const own = totalsOfDeal(d);
    return {
      creatorId: d.creatorId,
      displayName: d.creator.displayName,
      handle: d.creator.handle,
      status: d.status,
      price: d.price,
      committed: own ? money(own.committed, currency) : null,
      paid: own ? money(own.paid, currency) : null,
      views: metrics ? (perf?.views ?? 0) : null,
      engagements: metrics ? (perf?.engagements ?? 0) : null,
      engagementRate: perf?.engagementRate ?? null,
      cpm: perf?.cpm ?? null,
      cpe: perf?.cpe ?? null,
      viewsOverTime: perf?.viewsOverTime ?? [],
      videos: (perf?.videos ?? []).map((v) => ({ verification: v.verification, postedAt: v.postedAt, views: v.views, engagements: v.engagements })),
    };
  });
  const committed = schedules ? deals.reduce((n, d) => n + totalsOfDeal(d)!.committed, 0) : null;
  const paid = schedules ? deals.reduce((n, d) => n + totalsOfDeal(d)!.paid, 0) : null;
  const totals = metrics?.totals ?? null;
  return {
    campaignId: campaign.id,
    name: campaign.name,
    brandName: campaign.brand.name,
    startsAt: campaign.startsAt,
    endsAt: campaign.endsAt,
    budget: campaign.budget,
    committed: committed === null ? null : money(committed, currency),
    paid: paid === null ? null : money(paid, currency),
    remaining: committed === null ? null : money(campaign.budget.amount - committed, currency),
    views: totals ? totals.views : metrics ? 0 : null,
    engagements: totals ? totals.engagements : metrics ? 0 : null,
    engagementRate: totals?.engagementRate ?? null,
    cpm: totals?.cpm ?? null,
    cpe: totals?.cpe ?? null,
    creators,
    provenance: {
      asOf: totals?.asOf ?? null,
      videosCounted: totals?.videosCounted ?? 0,
      videosNotCounted: totals?.videosNotCounted ?? 0,
      observationsCounted: totals?.observationsCounted ?? 0,
      formulaVersion: totals?.formulaVersion ?? null,
      generatedAt: generatedAt.toISOString(),
      degraded: [...(deals.length && !schedules ? (['payments'] as const) : []), ...(deals.length && !metrics ? (['metrics'] as const) : [])],
    },
  };
}

/**
 * Gathers a campaign's parts, each behind its subject's breaker: every deal's schedule at once,
 * then metrics with the committed total (its CPM and CPE are of that spend, computed where the
 * metrics formulas live). A part that fails leaves its figures null and is named as degraded.
 */
export async function performanceOfCampaign(campaign: CampaignDetail, send: SectionCall, now = new Date()): Promise<CampaignPerformance> {
  const deals = contractedDeals(campaign);
  const schedules = await runSection({
    allowed: deals.length > 0,
    fetch: async () => {
      const lists = await Promise.all(deals.map((d) => send(negotiationContracts.paymentsList, { offerId: d.offerId })));
      return new Map(deals.map((d, i) => [d.offerId, lists[i]!.items]));
    },
  });
  const spend = schedules.value ? deals.reduce((n, d) => n + scheduleTotals(schedules.value!.get(d.offerId) ?? []).committed, 0) : null;
  const metrics = await runSection({
    allowed: deals.length > 0,
    fetch: () =>
      send(metricsContracts.offerPerformanceBatch, {
        offerIds: deals.map((d) => d.offerId),
        ...(spend !== null ? { spend: money(spend, campaign.budget.currency) } : {}),
      }),
  });
  const empty = deals.length === 0;
  return composeCampaignPerformance({
    campaign,
    schedules: empty ? new Map() : schedules.value,
    metrics: empty ? { items: [], totals: null } : metrics.value,
    generatedAt: now,
  });
}

/** The export's columns: one row per deal, by name, money in major units beside its currency. */
const CSV_COLUMNS: CsvColumns<CampaignPerformanceCreator> = [
  ['Creator', (r) => r.displayName],
  ['Handle', (r) => r.handle],
  ['Status', (r) => r.status.replace(/_/g, ' ')],
  ['Price', (r) => moneyCell(r.price)],
  ['Committed', (r) => moneyCell(r.committed)],
  ['Paid', (r) => moneyCell(r.paid)],
  ['Currency', (r) => r.price.currency],
  ['Views', (r) => r.views],
  ['Engagements', (r) => r.engagements],
  ['Engagement rate', (r) => r.engagementRate],
  ['CPM', (r) => moneyCell(r.cpm)],
  ['CPE', (r) => moneyCell(r.cpe)],
  ['Videos counted', (r) => r.videos.filter((v) => v.verification === 'verified').length],
  ['Videos not counted', (r) => r.videos.filter((v) => v.verification !== 'verified').length],
];

/** GET /v1/campaigns/{id}/performance: the brand's own campaign (campaigns answers 404 to anyone else); `Accept: text/csv` gives its rows as a spreadsheet. */
export async function campaignPerformance(ctx: RouteContext<typeof campaignsContracts.campaignsGet>): Promise<CampaignPerformance | StreamableFile> {
  const campaign = await ctx.call();
  const performance = await performanceOfCampaign(campaign, (contract, payload) => ctx.send(contract, payload));
  if (!wantsCsv(ctx.request)) return performance;
  return csvFile((async function* () {
    yield performance.creators;
  })(), CSV_COLUMNS, `campaign-performance-${campaign.name}`);
}

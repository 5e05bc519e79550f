import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound, unauthenticated } from '#libs/authz';
import { metricsContracts, verifyDeliverableVideo, type Money, type OfferPerformance, type OfferPerformanceItem, type OffersTotals, type Principal } from '#libs/contracts';
import { RpcAuthorizer, UnitOfWork } from '#libs/service-defaults';
import { assertOfferReader } from '../access/metrics-access.js';
import { FORMULA_VERSION, offerFigures } from '../kpis/kpi.formulas.js';
import { metricsTable as t, uuidArray } from '../db.js';
import { knownVideos } from './video-lookup.reader.js';
import { viewsOverTime, type VideoDay } from './views-over-time.rules.js';

interface OfferRow {
  offerId: string;
  brandId: string;
  creatorId: string;
  priceAmount: number | null;
  priceCurrency: string | null;
  acceptedAt: Date | null;
}

interface LinkedVideoRow {
  offerId: string;
  videoId: string;
  views: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  postedAt: Date | null;
  observedAt: Date | null;
  observations: number | null;
  /** Another creator's video with the same id, looked for only when the offer's creator has none. */
  otherCreatorId: string | null;
  otherPostedAt: Date | null;
}

const OFFER_COLUMNS = `"offer_id" as "offerId", "brand_id" as "brandId", "creator_id" as "creatorId", "price_amount"::float8 as "priceAmount",
  "price_currency" as "priceCurrency", "accepted_at" as "acceptedAt"`;

/** How an offer's approved videos perform for its price, to the offer's parties only. */
@Injectable()
export class OfferPerformanceService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  /** The offer's parties only; answered before the query is validated too. */
  @RpcAuthorizer(metricsContracts.offerPerformance)
  async authorizeRead(req: { offerId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    await this.readableOffer(this.uow.reader(), principal, req.offerId);
  }

  async get(principal: Principal, offerId: string): Promise<OfferPerformance> {
    const em = this.uow.reader();
    const offer = await this.readableOffer(em, principal, offerId);
    const [performance] = await this.performanceOf(em, [offer]);
    const { creatorId: _c, acceptedAt: _a, ...rest } = performance!;
    return rest;
  }

  /** Several offers at once; those the caller may not read, or metrics never heard of, are left out. */
  async batch(principal: Principal, offerIds: string[], spend?: Money): Promise<{ items: OfferPerformanceItem[]; totals: OffersTotals }> {
    const em = this.uow.reader();
    const offers = await em.execute<OfferRow[]>(`select ${OFFER_COLUMNS} from ${t('offers')} where "offer_id" = any(?::uuid[])`, [uuidArray(offerIds)]);
    const readable: OfferRow[] = [];
    for (const offer of offers) {
      const allowed = await assertOfferReader(em, principal, offer).then(
        () => true,
        () => false,
      );
      if (allowed) readable.push(offer);
    }
    const order = new Map(offerIds.map((id, i) => [id, i]));
    readable.sort((a, b) => order.get(a.offerId)! - order.get(b.offerId)!);
    const items = await this.performanceOf(em, readable);
    const history = await this.viewsHistory(em, items);
    return { items: items.map((i) => ({ ...i, viewsOverTime: viewsOverTime(history.get(i.offerId) ?? []) })), totals: totalsOf(items, spend) };
  }

  /** Negotiation's check of a deliverable's video (only negotiation may ask: the bus allows no other caller). */
  async lookup(videoIds: string[]) {
    return { items: await knownVideos(this.uow.reader(), videoIds) };
  }

  private async performanceOf(em: EntityManager, offers: readonly OfferRow[]): Promise<OfferPerformanceItem[]> {
    if (!offers.length) return [];
    // Each linked video once per offer (two deliverables may name the same one), in the order
    // approved; its counters are those of its latest observation, of the offer's creator's video.
    const rows = await em.execute<LinkedVideoRow[]>(
      `select l."offerId", l."videoId", v."views"::float8 as "views", v."likes"::float8 as "likes", v."comments"::float8 as "comments",
              v."shares"::float8 as "shares", v."posted_at" as "postedAt", v."observed_at" as "observedAt", v."observations",
              x."creator_id" as "otherCreatorId", x."posted_at" as "otherPostedAt"
         from (select distinct on (ov."offer_id", ov."video_id") ov."offer_id" as "offerId", ov."video_id" as "videoId",
                      ov."approved_at" as "approvedAt", o."creator_id" as "creatorId"
                 from ${t('offer_videos')} ov join ${t('offers')} o on o."offer_id" = ov."offer_id"
                where ov."offer_id" = any(?::uuid[]) and ov."video_id" is not null
                order by ov."offer_id", ov."video_id", ov."approved_at") l
         left join ${t('video_latest')} v on v."creator_id" = l."creatorId" and v."video_id" = l."videoId"
         left join lateral (select o."creator_id", o."posted_at" from ${t('video_latest')} o
                             where v."video_id" is null and o."video_id" = l."videoId" limit 1) x on true
        order by l."offerId", l."approvedAt", l."videoId"`,
      [uuidArray(offers.map((o) => o.offerId))],
    );
    return offers.map((offer) => offerPerformance(offer, rows.filter((r) => r.offerId === offer.offerId)));
  }

  /** Each offer's verified videos, day by day (`video_daily`), for its views over time. */
  private async viewsHistory(em: EntityManager, items: readonly OfferPerformanceItem[]): Promise<Map<string, VideoDay[]>> {
    const pairs = items.flatMap((i) => i.videos.filter((v) => v.verification === 'verified').map((v) => ({ offerId: i.offerId, creatorId: i.creatorId, videoId: v.videoId })));
    const history = new Map<string, VideoDay[]>();
    if (!pairs.length) return history;
    const rows = await em.execute<{ offerId: string; videoId: string; day: string; views: number }[]>(
      `select p."offerId", h."video_id" as "videoId", to_char(h."day", 'YYYY-MM-DD') as "day", h."views"::float8 as "views"
         from json_to_recordset(?::json) as p("offerId" uuid, "creatorId" uuid, "videoId" text)
         join ${t('video_daily')} h on h."creator_id" = p."creatorId" and h."video_id" = p."videoId"
        order by h."day"`,
      [JSON.stringify(pairs)],
    );
    for (const r of rows) history.set(r.offerId, [...(history.get(r.offerId) ?? []), { videoId: r.videoId, day: r.day, views: r.views }]);
    return history;
  }

  private async readableOffer(em: EntityManager, principal: Principal, offerId: string): Promise<OfferRow> {
    const [offer] = await em.execute<OfferRow[]>(`select ${OFFER_COLUMNS} from ${t('offers')} where "offer_id" = ?`, [offerId]);
    if (!offer) throw notFound();
    await assertOfferReader(em, principal, offer);
    return offer;
  }
}

/**
 * The offers' counted videos taken together (each offer's figures already hold only verified
 * videos), and what `spend` bought per thousand views and per engagement.
 */
function totalsOf(items: readonly OfferPerformanceItem[], spend?: Money): OffersTotals {
  const videos = items.flatMap((i) => i.videos.filter((v) => v.verification === 'verified'));
  // Views and engagements are already summed per video; likes stand in for all engagements here.
  const figures = offerFigures(
    spend?.amount ?? null,
    videos.map((v) => ({ views: v.views, likes: v.engagements, comments: 0, shares: 0 })),
  );
  const asOf = items.reduce<string | null>((max, i) => (i.asOf && (!max || i.asOf > max) ? i.asOf : max), null);
  return {
    views: figures.views,
    engagements: figures.engagements,
    engagementRate: figures.engagementRate,
    cpm: spend && figures.cpm !== null ? { amount: figures.cpm, currency: spend.currency } : null,
    cpe: spend && figures.cpe !== null ? { amount: figures.cpe, currency: spend.currency } : null,
    asOf,
    videosCounted: items.reduce((n, i) => n + i.provenance.videosCounted, 0),
    videosNotCounted: items.reduce((n, i) => n + i.provenance.videosNotCounted, 0),
    observationsCounted: items.reduce((n, i) => n + i.provenance.observationsCounted, 0),
    formulaVersion: FORMULA_VERSION,
  };
}

/** Only verified videos count; the others are listed with zero counters and their verdict. */
function offerPerformance(offer: OfferRow, rows: readonly LinkedVideoRow[]): OfferPerformanceItem {
  const acceptedAt = offer.acceptedAt ? new Date(offer.acceptedAt) : null;
  const linked = rows.map((r) => {
    const known = [
      ...(r.postedAt ? [{ creatorId: offer.creatorId, postedAt: new Date(r.postedAt) }] : []),
      ...(r.otherCreatorId ? [{ creatorId: r.otherCreatorId, postedAt: new Date(r.otherPostedAt!) }] : []),
    ];
    const { verification } = verifyDeliverableVideo({ creatorId: offer.creatorId, acceptedAt }, known);
    return { row: r, verification, counted: verification === 'verified' };
  });
  const price = offer.priceAmount === null ? null : { amount: offer.priceAmount, currency: offer.priceCurrency! };
  const counted = linked.filter((l) => l.counted);
  const figures = offerFigures(
    price?.amount ?? null,
    counted.map(({ row: r }) => ({ views: r.views ?? 0, likes: r.likes ?? 0, comments: r.comments ?? 0, shares: r.shares ?? 0 })),
  );
  const perVideo = new Map(counted.map((l, i) => [l.row.videoId, figures.videos[i]!]));
  const asOf = counted.reduce<number | null>((max, l) => Math.max(max ?? 0, new Date(l.row.observedAt!).getTime()), null);
  return {
    offerId: offer.offerId,
    creatorId: offer.creatorId,
    acceptedAt: acceptedAt?.toISOString() ?? null,
    price,
    videos: linked.map(({ row: r, verification }) => ({
      videoId: r.videoId,
      ...(perVideo.get(r.videoId) ?? { views: 0, engagements: 0, engagementRate: null }),
      observedAt: r.observedAt ? new Date(r.observedAt).toISOString() : null,
      postedAt: r.postedAt ? new Date(r.postedAt).toISOString() : null,
      verification,
    })),
    views: figures.views,
    engagements: figures.engagements,
    engagementRate: figures.engagementRate,
    cpm: price && figures.cpm !== null ? { amount: figures.cpm, currency: price.currency } : null,
    cpe: price && figures.cpe !== null ? { amount: figures.cpe, currency: price.currency } : null,
    asOf: asOf === null ? null : new Date(asOf).toISOString(),
    provenance: {
      videosCounted: counted.length,
      videosNotCounted: linked.length - counted.length,
      observationsCounted: counted.reduce((n, l) => n + (l.row.observations ?? 0), 0),
      formulaVersion: FORMULA_VERSION,
    },
  };
}

import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound, unauthenticated } from '#libs/authz';
import { metricsContracts, type OfferPerformance, type Principal } from '#libs/contracts';
import { RpcAuthorizer, UnitOfWork } from '#libs/service-defaults';
import { assertOfferReader } from '../access/metrics-access.js';
import { FORMULA_VERSION, offerFigures } from '../kpis/kpi.formulas.js';
import { metricsTable as t } from '../db.js';

interface OfferRow {
  brandId: string;
  creatorId: string;
  priceAmount: number | null;
  priceCurrency: string | null;
}

interface LinkedVideoRow {
  videoId: string;
  views: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  observedAt: Date | null;
  observations: number | null;
}

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

    // Each linked video once (two deliverables may name the same one), in the order approved;
    // its counters are those of its latest observation, of this creator's video only.
    const rows = await em.execute<LinkedVideoRow[]>(
      `select l."videoId", v."views"::float8 as "views", v."likes"::float8 as "likes", v."comments"::float8 as "comments",
              v."shares"::float8 as "shares", v."observed_at" as "observedAt", v."observations"
         from (select distinct on ("video_id") "video_id" as "videoId", "approved_at" as "approvedAt"
                 from ${t('offer_videos')} where "offer_id" = ? and "video_id" is not null
                order by "video_id", "approved_at") l
         left join ${t('video_latest')} v on v."creator_id" = ? and v."video_id" = l."videoId"
        order by l."approvedAt", l."videoId"`,
      [offerId, offer.creatorId],
    );
    const price = offer.priceAmount === null ? null : { amount: offer.priceAmount, currency: offer.priceCurrency! };
    const figures = offerFigures(
      price?.amount ?? null,
      rows.map((r) => ({ views: r.views ?? 0, likes: r.likes ?? 0, comments: r.comments ?? 0, shares: r.shares ?? 0 })),
    );
    const observed = rows.filter((r) => r.observedAt !== null);
    const asOf = observed.reduce<number | null>((max, r) => Math.max(max ?? 0, new Date(r.observedAt!).getTime()), null);
    return {
      offerId,
      price,
      videos: rows.map((r, i) => ({ videoId: r.videoId, ...figures.videos[i]!, observedAt: r.observedAt ? new Date(r.observedAt).toISOString() : null })),
      views: figures.views,
      engagements: figures.engagements,
      engagementRate: figures.engagementRate,
      cpm: price && figures.cpm !== null ? { amount: figures.cpm, currency: price.currency } : null,
      cpe: price && figures.cpe !== null ? { amount: figures.cpe, currency: price.currency } : null,
      asOf: asOf === null ? null : new Date(asOf).toISOString(),
      provenance: {
        videosCounted: observed.length,
        observationsCounted: observed.reduce((n, r) => n + (r.observations ?? 0), 0),
        formulaVersion: FORMULA_VERSION,
      },
    };
  }

  private async readableOffer(em: EntityManager, principal: Principal, offerId: string): Promise<OfferRow> {
    const [offer] = await em.execute<OfferRow[]>(
      `select "brand_id" as "brandId", "creator_id" as "creatorId", "price_amount"::float8 as "priceAmount", "price_currency" as "priceCurrency"
         from ${t('offers')} where "offer_id" = ?`,
      [offerId],
    );
    if (!offer) throw notFound();
    await assertOfferReader(em, principal, offer);
    return offer;
  }
}

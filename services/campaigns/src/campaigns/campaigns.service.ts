import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound, unauthenticated } from '#libs/authz';
import { campaignsContracts as c, identityContracts, tabOf, type Campaign as CampaignDto, type CampaignDetail, type Principal, type TabCounts } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { RpcAuthorizer, UnitOfWork, type Payload } from '#libs/service-defaults';
import { authorizeBrand } from '../access/campaigns-access.js';
import { Offer } from '../offers/offer.entity.js';
import { KnownCreator } from '../directory/directory.entities.js';
import { countTabs } from '../offers/tab-counts.js';
import { Campaign } from './campaign.entity.js';

const iso = (d: Date) => d.toISOString();

export function campaignView(campaign: Campaign, counts: TabCounts): CampaignDto {
  return {
    id: campaign.id,
    brand: { id: campaign.brandId, name: campaign.brandName },
    name: campaign.name,
    brief: campaign.brief,
    objectives: campaign.objectives,
    budget: campaign.budget,
    startsAt: iso(campaign.startsAt),
    endsAt: iso(campaign.endsAt),
    deliverables: campaign.deliverables,
    targetAudience: campaign.targetAudience,
    createdBy: campaign.createdBy,
    createdAt: iso(campaign.createdAt),
    counts,
  };
}

const NO_OFFERS: TabCounts = { pending: 0, active: 0, completed: 0, inactive: 0 };

/** A brand's campaign, or 404 for an unknown id and for another tenant's alike. */
export async function brandCampaign(em: EntityManager, principal: Principal, campaignId: string, action: 'brand-campaigns:read' | 'brand-campaigns:write'): Promise<Campaign> {
  const campaign = await em.findOne(Campaign, { id: campaignId });
  if (!campaign) throw notFound();
  authorizeBrand(principal, action, campaign.brandId);
  return campaign;
}

@Injectable()
export class CampaignsService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(RequestClient) private readonly requests: RequestClient,
  ) {}

  async create(principal: Principal, req: Payload<typeof c.campaignsCreate>): Promise<CampaignDto> {
    authorizeBrand(principal, 'brand-campaigns:write', principal.orgId ?? '');
    // The one call to identity campaigns makes: the brand's name, stored with the campaign so
    // no read ever needs identity.
    const me = await this.requests.request(identityContracts.me, {}, { principal });
    if (me.organization?.id !== principal.orgId) throw notFound();
    return this.uow.run(async (em) => {
      const now = new Date();
      const campaign = em.create(Campaign, {
        id: randomUUID(),
        brandId: me.organization!.id,
        brandName: me.organization!.name,
        name: req.name,
        brief: req.brief,
        objectives: req.objectives,
        budget: req.budget,
        startsAt: new Date(req.startsAt),
        endsAt: new Date(req.endsAt),
        deliverables: req.deliverables,
        targetAudience: req.targetAudience,
        createdBy: principal.userId,
        createdAt: now,
      });
      await em.flush();
      return campaignView(campaign, NO_OFFERS);
    });
  }

  async list(principal: Principal, req: Payload<typeof c.campaignsList>) {
    authorizeBrand(principal, 'brand-campaigns:read', principal.orgId ?? '');
    const em = this.uow.reader();
    const rows = await em.find(Campaign, { brandId: principal.orgId!, ...afterCursor(decodeCursor(req.cursor), 'createdAt') } as never, {
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit: req.limit + 1,
    });
    const { items, nextCursor } = page(rows, req.limit, (r) => ({ at: r.createdAt, id: r.id }));
    const counts = await countTabs(em, 'campaign_id', items.map((i) => i.id));
    return { items: items.map((i) => campaignView(i, counts.get(i.id) ?? NO_OFFERS)), nextCursor };
  }

  /** The campaign's brand only; answered before the query is validated too. */
  @RpcAuthorizer(c.campaignsGet)
  async authorizeGet(req: { campaignId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    await brandCampaign(this.uow.reader(), principal, req.campaignId, 'brand-campaigns:read');
  }

  async get(principal: Principal, campaignId: string): Promise<CampaignDetail> {
    const em = this.uow.reader();
    return campaignDetail(em, await brandCampaign(em, principal, campaignId, 'brand-campaigns:read'));
  }
}

/** A campaign with where every creator it approached stands (its brand's view; a share link's too). */
export async function campaignDetail(em: EntityManager, campaign: Campaign): Promise<CampaignDetail> {
  const [counts, offers] = await Promise.all([
    countTabs(em, 'campaign_id', [campaign.id]),
    em.find(Offer, { campaignId: campaign.id }, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  ]);
  const known = offers.length ? await em.find(KnownCreator, { creatorId: { $in: [...new Set(offers.map((o) => o.creatorId))] } }) : [];
  const creators = new Map(known.map((k) => [k.creatorId, k]));
  return {
    ...campaignView(campaign, counts.get(campaign.id) ?? NO_OFFERS),
    creators: offers.map((o) => ({
      creatorId: o.creatorId,
      creator: { id: o.creatorId, handle: creators.get(o.creatorId)?.handle ?? null, displayName: creators.get(o.creatorId)?.name ?? null },
      offerId: o.id,
      status: o.status,
      tab: tabOf(o.status),
      price: o.price,
      belowRateCard: o.belowRateCard ?? null,
      respondBy: iso(o.respondBy),
      sentAt: iso(o.createdAt),
    })),
  };
}

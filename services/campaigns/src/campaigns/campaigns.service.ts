import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound, unauthenticated } from '#libs/authz';
import {
  AppError,
  campaignEvents,
  campaignsContracts as c,
  identityContracts,
  statusesIn,
  tabOf,
  type Campaign as CampaignDto,
  type CampaignDetail,
  type Principal,
  type TabCounts,
} from '#libs/contracts';
import { enqueueEvent, RequestClient } from '#libs/messaging';
import { traceOfRecord } from '#libs/observability';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { RpcAuthorizer, UnitOfWork, type Payload } from '#libs/service-defaults';
import { authorizeBrand } from '../access/campaigns-access.js';
import { Offer } from '../offers/offer.entity.js';
import { KnownCreator } from '../directory/directory.entities.js';
import { countTabs } from '../offers/tab-counts.js';
import { Campaign, CampaignAuditEntry } from './campaign.entity.js';
import { committedAmounts } from './campaign-budget.js';
import { editCampaign, remainingBudget } from './campaign.rules.js';
import { transition, type CampaignCommand } from './campaign.state-machine.js';

const iso = (d: Date) => d.toISOString();

export function campaignView(campaign: Campaign, counts: TabCounts, committedAmount: number): CampaignDto {
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
    status: campaign.status,
    version: campaign.version,
    committed: { amount: committedAmount, currency: campaign.budget.currency },
    remaining: remainingBudget(campaign.budget, committedAmount),
    createdBy: campaign.createdBy,
    createdAt: iso(campaign.createdAt),
    updatedAt: iso(campaign.updatedAt),
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
        status: 'active',
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
      });
      await em.flush();
      return campaignView(campaign, NO_OFFERS, 0);
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
    const ids = items.map((i) => i.id);
    const [counts, committed] = await Promise.all([countTabs(em, 'campaign_id', ids), committedAmounts(em, ids)]);
    return { items: items.map((i) => campaignView(i, counts.get(i.id) ?? NO_OFFERS, committed.get(i.id) ?? 0)), nextCursor };
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

  /** Changes are the campaign's brand's (managers and up); answered before the body is validated too. */
  @RpcAuthorizer(c.campaignsUpdate, c.campaignsPause, c.campaignsResume, c.campaignsClose)
  async authorizeChange(req: { campaignId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    await brandCampaign(this.uow.reader(), principal, req.campaignId, 'brand-campaigns:write');
  }

  update(principal: Principal, req: Payload<typeof c.campaignsUpdate>): Promise<CampaignDto> {
    const { campaignId: _id, version, ...edit } = req;
    return this.command(principal, req.campaignId, version, { type: 'edit' }, (campaign) => {
      const { changes, fields } = editCampaign(campaign, edit);
      Object.assign(campaign, changes);
      return fields;
    });
  }

  pause(principal: Principal, req: Payload<typeof c.campaignsPause>): Promise<CampaignDto> {
    return this.command(principal, req.campaignId, req.version, { type: 'pause' });
  }

  resume(principal: Principal, req: Payload<typeof c.campaignsResume>): Promise<CampaignDto> {
    return this.command(principal, req.campaignId, req.version, { type: 'resume' });
  }

  /**
   * Closing waits until no offer waits for an answer: a creator could otherwise accept an offer
   * of a campaign the brand believes finished. The 409 names them so the brand can withdraw them.
   */
  close(principal: Principal, req: Payload<typeof c.campaignsClose>): Promise<CampaignDto> {
    return this.command(principal, req.campaignId, req.version, { type: 'close' }, async (campaign, em) => {
      const open = await em.find(Offer, { campaignId: campaign.id, status: { $in: statusesIn('pending') } }, { orderBy: { createdAt: 'asc' } });
      if (open.length) {
        const known = await em.find(KnownCreator, { creatorId: { $in: open.map((o) => o.creatorId) } });
        const names = new Map(known.map((k) => [k.creatorId, k.name]));
        const list = open.map((o) => `${names.get(o.creatorId) ?? 'a creator'} (offer ${o.id})`).join(', ');
        throw new AppError('conflict', 'Offers still open', `Withdraw the offers still waiting for an answer before closing the campaign: ${list}`);
      }
      return [];
    });
  }

  /**
   * Every change of a campaign: lock it, check the caller may change it (404 for other brands,
   * 403 below manager), check the version the caller saw, run the state machine and the rules,
   * and commit the change with its audit entry and its event.
   */
  private async command(
    principal: Principal,
    campaignId: string,
    expectedVersion: number | undefined,
    command: CampaignCommand,
    apply: (campaign: Campaign, em: EntityManager) => string[] | Promise<string[]> = () => [],
  ): Promise<CampaignDto> {
    return this.uow.run(async (em) => {
      const campaign = await em.findOne(Campaign, { id: campaignId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!campaign) throw notFound();
      authorizeBrand(principal, 'brand-campaigns:write', campaign.brandId);
      if (expectedVersion !== undefined && expectedVersion !== campaign.version) {
        throw new AppError('conflict', 'Version conflict', `The campaign is at version ${campaign.version}, not ${expectedVersion}; reload and retry`);
      }
      const next = transition(campaign.status, command);
      const fields = await apply(campaign, em);
      const [committed, counts] = await Promise.all([committedAmounts(em, [campaign.id]), countTabs(em, 'campaign_id', [campaign.id])]);
      // An edit that changes nothing is no change: no new version, no event.
      if (next.event === 'edited' && fields.length === 0) return campaignView(campaign, counts.get(campaign.id) ?? NO_OFFERS, committed.get(campaign.id) ?? 0);
      const now = new Date();
      campaign.status = next.status;
      campaign.updatedAt = now;
      await em.flush(); // sets `version`, the event's aggregateVersion
      const details = next.event === 'edited' ? { fields } : { status: next.status };
      em.persist(
        em.create(CampaignAuditEntry, {
          id: randomUUID(),
          campaignId: campaign.id,
          action: `campaign.${next.event}`,
          actorUserId: principal.userId,
          actorOrgId: principal.orgId ?? null,
          at: now,
          version: campaign.version,
          traceId: traceOfRecord() ?? null,
          details,
        }),
      );
      const payload = { campaignId: campaign.id, brandId: campaign.brandId, status: campaign.status, version: campaign.version, budget: campaign.budget, actorUserId: principal.userId, at: iso(now) };
      const event = { aggregateId: campaign.id, aggregateVersion: campaign.version };
      if (next.event === 'edited') enqueueEvent(em, campaignEvents.edited, { ...event, payload: { ...payload, fields } });
      else enqueueEvent(em, campaignEvents[next.event], { ...event, payload });
      await em.flush();
      return campaignView(campaign, counts.get(campaign.id) ?? NO_OFFERS, committed.get(campaign.id) ?? 0);
    });
  }
}

/** A campaign with where every creator it approached stands (its brand's view; a share link's too). */
export async function campaignDetail(em: EntityManager, campaign: Campaign): Promise<CampaignDetail> {
  const [counts, committed, offers] = await Promise.all([
    countTabs(em, 'campaign_id', [campaign.id]),
    committedAmounts(em, [campaign.id]),
    em.find(Offer, { campaignId: campaign.id }, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  ]);
  const known = offers.length ? await em.find(KnownCreator, { creatorId: { $in: [...new Set(offers.map((o) => o.creatorId))] } }) : [];
  const creators = new Map(known.map((k) => [k.creatorId, k]));
  return {
    ...campaignView(campaign, counts.get(campaign.id) ?? NO_OFFERS, committed.get(campaign.id) ?? 0),
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

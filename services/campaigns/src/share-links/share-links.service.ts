import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { notFound, unauthenticated } from '#libs/authz';
import { campaignsContracts as c, campaignsShareLinkEvents, type Principal, type ShareLink as ShareLinkDto } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { RpcAuthorizer, UnitOfWork } from '#libs/service-defaults';
import { brandCampaign, campaignDetail } from '../campaigns/campaigns.service.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { ShareLink } from './share-link.entity.js';
import { assertShareExpiry, newShareToken, shareLinkStatus, shareTokenHash } from './share-link.rules.js';

function shareLinkView(link: ShareLink, now: Date): ShareLinkDto {
  return {
    id: link.id,
    campaignId: link.campaignId,
    status: shareLinkStatus(link, now),
    expiresAt: link.expiresAt.toISOString(),
    createdBy: link.createdBy,
    createdAt: link.createdAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    revokedBy: link.revokedBy ?? null,
  };
}

function linkEvent(em: EntityManager, contract: (typeof campaignsShareLinkEvents)[keyof typeof campaignsShareLinkEvents], link: ShareLink, version: number, by: string, at: Date) {
  enqueueEvent(em, contract, {
    aggregateId: link.id,
    aggregateVersion: version,
    payload: { linkId: link.id, campaignId: link.campaignId, brandId: link.brandId, expiresAt: link.expiresAt.toISOString(), by, occurredAt: at.toISOString() },
  });
}

/**
 * Share links of a campaign's results: created and revoked by the campaign's brand (each with
 * its event in the same transaction), resolved from a token for anyone who holds one.
 */
@Injectable()
export class ShareLinksService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  @RpcAuthorizer(c.shareLinksCreate)
  async authorizeCreate(req: { campaignId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    await brandCampaign(this.uow.reader(), principal, req.campaignId, 'brand-campaigns:write');
  }

  create(principal: Principal, req: { campaignId: string; expiresAt: string }) {
    return this.uow.run(async (em) => {
      const now = new Date();
      const campaign = await brandCampaign(em, principal, req.campaignId, 'brand-campaigns:write');
      const expiresAt = new Date(req.expiresAt);
      assertShareExpiry(expiresAt, now);
      const token = newShareToken();
      const link = em.create(ShareLink, {
        id: randomUUID(),
        campaignId: campaign.id,
        brandId: campaign.brandId,
        tokenHash: shareTokenHash(token),
        expiresAt,
        createdBy: principal.userId,
        createdAt: now,
        revokedAt: null,
        revokedBy: null,
      });
      await em.flush();
      linkEvent(em, campaignsShareLinkEvents.created, link, 1, principal.userId, now);
      return { ...shareLinkView(link, now), token };
    });
  }

  @RpcAuthorizer(c.shareLinksList)
  async authorizeList(req: { campaignId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    await brandCampaign(this.uow.reader(), principal, req.campaignId, 'brand-campaigns:read');
  }

  async list(principal: Principal, campaignId: string) {
    const em = this.uow.reader();
    await brandCampaign(em, principal, campaignId, 'brand-campaigns:read');
    const now = new Date();
    const links = await em.find(ShareLink, { campaignId }, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return { items: links.map((l) => shareLinkView(l, now)) };
  }

  @RpcAuthorizer(c.shareLinksRevoke)
  async authorizeRevoke(req: { campaignId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    await brandCampaign(this.uow.reader(), principal, req.campaignId, 'brand-campaigns:write');
  }

  revoke(principal: Principal, req: { campaignId: string; linkId: string }) {
    return this.uow.run(async (em) => {
      const now = new Date();
      await brandCampaign(em, principal, req.campaignId, 'brand-campaigns:write');
      const link = await em.findOne(ShareLink, { id: req.linkId, campaignId: req.campaignId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!link) throw notFound();
      if (!link.revokedAt) {
        Object.assign(link, { revokedAt: now, revokedBy: principal.userId });
        await em.flush();
        linkEvent(em, campaignsShareLinkEvents.revoked, link, 2, principal.userId, now);
      }
      return shareLinkView(link, now);
    });
  }

  /** Anyone holding the token; unknown, revoked and expired tokens get the same 404. */
  async resolve(token: string) {
    const em = this.uow.reader();
    const link = await em.findOne(ShareLink, { tokenHash: shareTokenHash(token) });
    if (!link || shareLinkStatus(link, new Date()) !== 'active') throw notFound();
    const campaign = await em.findOneOrFail(Campaign, { id: link.campaignId });
    return { campaign: await campaignDetail(em, campaign), sharedBy: link.createdBy };
  }
}

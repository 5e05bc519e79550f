import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  assertSameCurrency,
  campaignsContracts as c,
  negotiationContracts,
  type Offer as OfferDto,
  type Principal,
  type TabCounts,
} from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { currentCommandKey, RpcAuthorizer, UnitOfWork, type Payload } from '#libs/service-defaults';
import { unauthenticated } from '#libs/authz';
import { authorizeCreatorCampaigns, readableCreators } from '../access/campaigns-access.js';
import { brandCampaign } from '../campaigns/campaigns.service.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { committedAmounts } from '../campaigns/campaign-budget.js';
import { assertWithinBudget, remainingBudget } from '../campaigns/campaign.rules.js';
import { assertTakesOffers } from '../campaigns/campaign.state-machine.js';
import { KnownCreator, RateCardCopy } from '../directory/directory.entities.js';
import { Offer } from './offer.entity.js';
import { initialTerms, rateFloor, respondByFor } from './offer.rules.js';
import { tabRowView } from './offer.views.js';
import { countTabs, tabFilter } from './tab-counts.js';

/**
 * The offer id for a brand's send: derived from the command's idempotency key, so a retry
 * names the same offer and negotiation answers it with the offer it already opened.
 */
function offerIdFor(principal: Principal): string {
  const key = currentCommandKey();
  if (!key) return randomUUID();
  const h = createHash('sha256').update(`offer:${principal.userId}:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

@Injectable()
export class OffersService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(RequestClient) private readonly requests: RequestClient,
  ) {}

  /**
   * Campaigns checks what it owns — the brand's campaign and that it takes offers, that the
   * creator exists, the money rule, the remaining budget, the answer deadline and the rate floor
   * from its copy of the card — then asks
   * negotiation, the offer's owner, to open it. Negotiation has committed the offer when the
   * brand gets the answer; campaigns' tabs follow from negotiation's `opened` event.
   */
  async send(principal: Principal, req: Payload<typeof c.offersSend>): Promise<OfferDto> {
    const em = this.uow.reader();
    const now = new Date();
    const campaign = await brandCampaign(em, principal, req.campaignId, 'brand-campaigns:write');
    assertTakesOffers(campaign.status);
    const creator = await em.findOne(KnownCreator, { creatorId: req.creatorId });
    if (!creator) {
      throw new AppError('unprocessable', 'Unknown creator', 'No creator has this id', [{ path: 'creatorId', message: 'No such creator' }]);
    }
    assertSameCurrency(req.price, campaign.budget.currency, 'price.currency', 'campaign budget');
    const committed = (await committedAmounts(em, [campaign.id])).get(campaign.id) ?? 0;
    assertWithinBudget(req.price, remainingBudget(campaign.budget, committed), req.allowOverBudget ?? false);
    const respondBy = respondByFor(req.respondBy, now, campaign.endsAt);
    const terms = initialTerms(req.price, req.deliverables, req.terms);
    // The rate floor as of now, from campaigns' own copy of the card: recorded, never recomputed.
    const card = await em.findOne(RateCardCopy, { creatorId: req.creatorId });
    const floor = rateFloor(card, req.price, req.deliverables);
    return this.requests.request(
      negotiationContracts.offersOpen,
      {
        offerId: offerIdFor(principal),
        campaignId: campaign.id,
        campaignName: campaign.name,
        brandId: campaign.brandId,
        brandName: campaign.brandName,
        campaignBrief: campaign.brief,
        creatorId: req.creatorId,
        creatorHandle: creator.handle ?? null,
        creatorName: creator.name,
        terms,
        respondBy: respondBy.toISOString(),
        ...floor,
        rateCard: card && card.items.length ? { version: card.version, items: [...card.items] } : null,
      },
      { principal },
    );
  }

  // Sending is the campaign's brand's; answered before the body is validated too.
  @RpcAuthorizer(c.offersSend)
  async authorizeSend(req: { campaignId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    await brandCampaign(this.uow.reader(), principal, req.campaignId, 'brand-campaigns:write');
  }

  /** One tab of a creator's offers, newest first. */
  async tab(principal: Principal, req: Payload<typeof c.tabsList>) {
    const em = this.uow.reader();
    const now = new Date();
    await authorizeCreatorCampaigns(em, principal, req.creatorId, now);
    const rows = await em.find(
      Offer,
      { $and: [{ creatorId: req.creatorId }, tabFilter(req.tab), afterCursor(decodeCursor(req.cursor), 'createdAt')] } as never,
      { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: req.limit + 1 },
    );
    const { items, nextCursor } = page(rows, req.limit, (o) => ({ at: o.createdAt, id: o.id }));
    const campaigns = await em.find(Campaign, { id: { $in: [...new Set(items.map((o) => o.campaignId))] } });
    const byId = new Map(campaigns.map((k) => [k.id, k]));
    return { items: items.map((o) => tabRowView(o, byId.get(o.campaignId)!, now)), nextCursor };
  }

  /** Tab counts for many creators in one query; creators the caller may not read are left out. */
  async counts(principal: Principal, creatorIds: string[]): Promise<{ items: (TabCounts & { creatorId: string })[] }> {
    const em = this.uow.reader();
    const now = new Date();
    const readable = await readableCreators(em, principal, [...new Set(creatorIds)], now);
    const counts = await countTabs(em, 'creator_id', readable);
    return { items: readable.map((creatorId) => ({ creatorId, ...counts.get(creatorId)! })) };
  }
}


import { nextDeadline, type TabRow } from '#libs/contracts';
import type { Campaign } from '../campaigns/campaign.entity.js';
import type { Offer } from './offer.entity.js';

export function tabRowView(o: Offer, c: Campaign, now: Date): TabRow {
  const deadline = nextDeadline(o.status, o.respondBy, o.terms.deliverables.map((d) => d.dueAt), now);
  return {
    offerId: o.id,
    campaignId: c.id,
    campaignName: c.name,
    brand: { id: c.brandId, name: c.brandName },
    price: o.price,
    status: o.status,
    nextDeadline: deadline ? deadline.toISOString() : null,
    belowRateCard: o.belowRateCard ?? null,
    rateCardPrice: o.rateCardPrice ?? null,
    sentAt: o.createdAt.toISOString(),
  };
}

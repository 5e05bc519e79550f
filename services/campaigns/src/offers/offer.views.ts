import type { Offer as OfferDto, TabRow } from '#libs/contracts';
import type { Campaign } from '../campaigns/campaign.entity.js';
import type { Offer } from './offer.entity.js';
import { effectiveStatus, tabOf } from './offer.state-machine.js';
import { nextDeadline } from './offer.rules.js';

const iso = (d: Date) => d.toISOString();

/** What every read shows: the status as of `now`, so a lapsed offer is never shown pending. */
export function offerView(o: Offer, c: Campaign, now: Date): OfferDto {
  const status = effectiveStatus(o, now);
  const deadline = nextDeadline(status, o.respondBy, o.terms.deliverables, now);
  return {
    id: o.id,
    campaign: { id: c.id, name: c.name },
    brand: { id: c.brandId, name: c.brandName },
    creatorId: o.creatorId,
    status,
    tab: tabOf(status),
    price: o.price,
    deliverables: o.terms.deliverables,
    terms: o.terms,
    version: o.termsVersion,
    respondBy: iso(o.respondBy),
    belowRateCard: o.belowRateCard ?? null,
    rateCardPrice: o.rateCardPrice ?? null,
    rateCardVersion: o.rateCardVersion ?? null,
    nextDeadline: deadline ? iso(deadline) : null,
    sentBy: o.sentBy,
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
  };
}

export function tabRowView(o: Offer, c: Campaign, now: Date): TabRow {
  const view = offerView(o, c, now);
  return {
    offerId: o.id,
    campaignId: c.id,
    campaignName: c.name,
    brand: view.brand,
    price: view.price,
    status: view.status,
    nextDeadline: view.nextDeadline,
    belowRateCard: view.belowRateCard,
    rateCardPrice: view.rateCardPrice,
    sentAt: view.createdAt,
  };
}

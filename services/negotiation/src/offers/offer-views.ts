import type { EntityManager } from '@mikro-orm/postgresql';
import type { OfferView, TermsVersionView } from '#libs/contracts';
import { Contract, TermsVersion, type Offer } from './offer.entities.js';

export function termsVersionView(v: TermsVersion): TermsVersionView {
  return {
    version: v.number,
    terms: v.terms,
    author: { side: v.authorSide, userId: v.actorUserId ?? null, onBehalfOf: v.onBehalfOf ?? null, grantId: v.grantId ?? null },
    comment: v.comment ?? null,
    createdAt: v.createdAt.toISOString(),
  };
}

export async function currentTerms(em: EntityManager, offer: Offer): Promise<TermsVersion> {
  return em.findOneOrFail(TermsVersion, { offerId: offer.id, number: offer.currentVersion });
}

export async function offerView(em: EntityManager, offer: Offer): Promise<OfferView> {
  const [current, contract] = await Promise.all([currentTerms(em, offer), em.findOne(Contract, { offerId: offer.id })]);
  return {
    id: offer.id,
    campaignId: offer.campaignId,
    brandId: offer.brandId,
    creatorId: offer.creatorId,
    status: offer.status,
    workStatus: offer.workStatus ?? null,
    currentVersion: offer.currentVersion,
    currentTerms: current.terms,
    currentAuthor: offer.currentAuthor,
    // A contract frozen by an accept that campaigns' withdrawal overtook stays on record, but binds nobody.
    contract: contract && offer.status === 'accepted' ? { id: contract.id, version: contract.termsVersion, termsHash: contract.termsHash } : null,
    closedReason: offer.closedReason ?? null,
    belowRateCard: offer.belowRateCard ?? null,
    updatedAt: offer.updatedAt.toISOString(),
  };
}

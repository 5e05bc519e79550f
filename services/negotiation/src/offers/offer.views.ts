import type { EntityManager } from '@mikro-orm/postgresql';
import { lifecycleStatusOf, nextDeadline, tabOf, versionRateFloor, type Offer as SentOffer, type OfferView, type TermsVersionView } from '#libs/contracts';
import { Contract, TermsVersion, type Offer } from './offer.entities.js';
import { hasLapsed } from './offer.state-machine.js';
import { Submission } from '../feedback/submission.entity.js';

/**
 * A terms version without its named actor (`actorNamer` adds it, for a page of versions at once),
 * judged against the rate card the offer was sent with. Offers sent before the card was recorded
 * keep their send-time flag on the first version and say nothing of later ones.
 */
export function termsVersionView(v: TermsVersion, offer: Pick<Offer, 'rateCard' | 'belowRateCard' | 'rateCardPrice'>): Omit<TermsVersionView, 'actor'> {
  return {
    ...rateFloorOf(offer, v),
    version: v.number,
    terms: v.terms,
    author: { side: v.authorSide, userId: v.actorUserId ?? null, onBehalfOf: v.onBehalfOf ?? null, grantId: v.grantId ?? null },
    comment: v.comment ?? null,
    createdAt: v.createdAt.toISOString(),
  };
}

function rateFloorOf(offer: Pick<Offer, 'rateCard' | 'belowRateCard' | 'rateCardPrice'>, v: Pick<TermsVersion, 'number' | 'terms'>) {
  if (offer.rateCard) return versionRateFloor(offer.rateCard, v.terms);
  return v.number === 1 ? { belowRateCard: offer.belowRateCard ?? null, rateCardPrice: offer.rateCardPrice ?? null } : { belowRateCard: null, rateCardPrice: null };
}

export async function currentTerms(em: EntityManager, offer: Offer): Promise<TermsVersion> {
  return em.findOneOrFail(TermsVersion, { offerId: offer.id, number: offer.currentVersion });
}

/** The status every read shows: an undecided offer past `respondBy` is expired before the sweep records it. */
function statusAt(offer: Offer, now: Date): Offer['status'] {
  return hasLapsed({ status: offer.status, respondBy: offer.respondBy ?? null }, now) ? 'expired' : offer.status;
}

/** The offer as its parties read it, but for the pending cancellation (`pendingCancellation` adds it, with the deployment's settlement table). */
export async function offerView(em: EntityManager, offer: Offer, now = new Date()): Promise<Omit<OfferView, 'cancellation'>> {
  const [current, contract, waiting] = await Promise.all([
    currentTerms(em, offer),
    em.findOne(Contract, { offerId: offer.id }),
    em.findOne(Submission, { offerId: offer.id, status: 'pending_review' }, { orderBy: { reviewDueAt: 'asc' } }),
  ]);
  const status = statusAt(offer, now);
  const floor = rateFloorOf(offer, current);
  return {
    id: offer.id,
    campaignId: offer.campaignId,
    brandId: offer.brandId,
    creatorId: offer.creatorId,
    status,
    workStatus: status === 'expired' ? null : (offer.workStatus ?? null),
    currentVersion: offer.currentVersion,
    currentTerms: current.terms,
    currentAuthor: offer.currentAuthor,
    contract: contract ? { id: contract.id, version: contract.termsVersion, termsHash: contract.termsHash } : null,
    closedReason: offer.closedReason ?? null,
    // The current version against the card: a counter under it is flagged for both sides.
    belowRateCard: floor.belowRateCard,
    campaign: { id: offer.campaignId, name: offer.campaignName ?? null, brief: offer.campaignBrief ?? null },
    brand: { id: offer.brandId, name: offer.brandName ?? null },
    creator: { id: offer.creatorId, handle: offer.creatorHandle ?? null, displayName: offer.creatorName ?? null },
    respondBy: offer.respondBy && tabOf(lifecycleStatusOf(status, null)) === 'pending' ? offer.respondBy.toISOString() : null,
    rateCardPrice: floor.rateCardPrice,
    reviewDeadline: waiting && offer.status === 'accepted' ? waiting.reviewDueAt.toISOString() : null,
    updatedAt: offer.updatedAt.toISOString(),
  };
}

/** The offer as the brand's send and withdraw answer it (campaigns' offer shape), on its current terms. */
export async function sentOfferView(em: EntityManager, offer: Offer, now: Date): Promise<SentOffer> {
  const terms = await currentTerms(em, offer);
  // Offers opened before negotiation kept the sender: the author of their version 1.
  const sentBy = offer.sentBy ?? (await em.findOneOrFail(TermsVersion, { offerId: offer.id, number: 1 })).actorUserId ?? offer.brandId;
  const raw = statusAt(offer, now);
  const status = raw === 'expired' ? 'expired' : lifecycleStatusOf(raw, offer.workStatus ?? null);
  const respondBy = offer.respondBy ?? offer.createdAt;
  const deadline = nextDeadline(status, respondBy, terms.terms.deliverables.map((d) => d.dueAt), now);
  return {
    id: offer.id,
    campaign: { id: offer.campaignId, name: offer.campaignName ?? '' },
    brand: { id: offer.brandId, name: offer.brandName ?? '' },
    creatorId: offer.creatorId,
    status,
    tab: tabOf(status),
    price: terms.terms.price,
    deliverables: terms.terms.deliverables,
    terms: terms.terms,
    version: offer.currentVersion,
    respondBy: respondBy.toISOString(),
    belowRateCard: offer.belowRateCard ?? null,
    rateCardPrice: offer.rateCardPrice ?? null,
    rateCardVersion: offer.rateCardVersion ?? null,
    nextDeadline: deadline ? deadline.toISOString() : null,
    sentBy,
    createdAt: offer.createdAt.toISOString(),
    updatedAt: offer.updatedAt.toISOString(),
  };
}

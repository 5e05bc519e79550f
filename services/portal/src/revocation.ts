import type { Money } from './format';

/**
 * What ending an agency's access does to the creator's deals, said before anyone confirms it.
 * Revoking changes no offer (no service acts on a revocation but to stop the agency's access):
 * each live deal carries on between the creator and the brand; only who may act on the creator's
 * side changes. These sentences say so per status, for the one who is about to revoke.
 */

/** A deal that is still going: its offer is in the pending or active tab (not completed, not inactive). */
export interface LiveDeal {
  offerId: string;
  campaignName: string;
  brandName: string;
  status: string;
  price: Money;
}

/** The tabs whose offers are not in a final state; completed and inactive ones end nothing more. */
export const LIVE_TABS = ['pending', 'active'] as const;

/** Who is revoking: the creator (from their grants) or the agency's owner/admin (ending its own access). */
export type RevokingSide = 'creator' | 'agency';

const NEGOTIATING = new Set(['awaiting_response', 'changes_proposed']);
const UNDER_WAY = new Set(['accepted', 'active', 'content_submitted', 'revisions_requested', 'approved']);

/** What happens to one live deal when the grant ends. */
export function consequenceOf(status: string, side: RevokingSide, agencyName: string): string {
  const creatorSide = side === 'creator';
  if (NEGOTIATING.has(status)) {
    return creatorSide ? `Stays open: you answer the brand yourself; ${agencyName} can no longer negotiate it.` : 'Stays open with the creator; your agency can no longer negotiate it.';
  }
  if (status === 'awaiting_creator_confirmation') {
    return creatorSide ? `${agencyName}'s acceptance still waits for your confirmation; you decide it yourself.` : "Your acceptance still waits for the creator's confirmation; your agency can no longer change it.";
  }
  if (UNDER_WAY.has(status)) {
    return creatorSide ? 'The agreement stands: you deliver and answer the brand’s reviews yourself.' : 'The agreement stands; the creator delivers without your agency.';
  }
  if (status === 'cancellation_requested') {
    return creatorSide ? 'The cancellation request stays open; you answer it or follow it up yourself.' : 'The cancellation request stays open, between the creator and the brand.';
  }
  return creatorSide ? 'Carries on unchanged, without the agency.' : 'Carries on unchanged, without your agency.';
}

/** The sentence over the list: how many deals, and that none of them is cancelled. */
export function liveDealsSummary(count: number, side: RevokingSide, agencyName: string): string {
  const who = side === 'creator' ? agencyName : 'Your agency';
  if (count === 0) return side === 'creator' ? `You have no live deals ${agencyName} could act on.` : 'This creator has no live deals your agency can see.';
  const deals = count === 1 ? '1 live deal' : `${count} live deals`;
  return `${deals} continue${count === 1 ? 's' : ''}: nothing is cancelled, withdrawn or declined, and each brand keeps its offer. ${who} can no longer see or act on ${count === 1 ? 'it' : 'them'}.`;
}

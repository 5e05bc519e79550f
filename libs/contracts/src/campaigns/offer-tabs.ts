import type { OfferStatus, WorkStatus } from '../negotiation/negotiation.schemas.js';
import { LIFECYCLE_STATUSES, type CampaignTab, type LifecycleStatus } from './campaigns.schemas.js';

/**
 * Which tab an offer is in (pending, active, completed, inactive; docs/domain.md), by its one lifecycle
 * status. Campaigns' tabs and counts, negotiation's answer to a sent offer and the gateway's
 * composed views all read it from here.
 */
const TABS: Record<LifecycleStatus, CampaignTab> = {
  awaiting_response: 'pending',
  changes_proposed: 'pending',
  awaiting_creator_confirmation: 'pending',
  accepted: 'active',
  active: 'active',
  content_submitted: 'active',
  revisions_requested: 'active',
  approved: 'active',
  completed: 'completed',
  declined: 'inactive',
  expired: 'inactive',
  withdrawn: 'inactive',
  cancellation_requested: 'active',
  cancelled: 'inactive',
};

export function tabOf(status: LifecycleStatus): CampaignTab {
  return TABS[status];
}

export function statusesIn(tab: CampaignTab): LifecycleStatus[] {
  return LIFECYCLE_STATUSES.filter((s) => TABS[s] === tab);
}

/**
 * The one status an offer shows, from negotiation's offer and work statuses. Accepted work with
 * nothing approved yet is `accepted`; once part of it is approved and the rest still to come,
 * it is `active` (`partlyApproved`: the change was an approval).
 */
export function lifecycleStatusOf(status: OfferStatus, workStatus: WorkStatus | null, partlyApproved = false): LifecycleStatus {
  if (status !== 'accepted' || workStatus === null) return status;
  if (workStatus === 'active') return partlyApproved ? 'active' : 'accepted';
  return workStatus;
}

/**
 * The date that matters next for an offer: the answer deadline while pending, the earliest due
 * date still ahead while the work runs, nothing once the offer is settled.
 */
export function nextDeadline(status: LifecycleStatus, respondBy: Date, dueDates: readonly string[], now: Date): Date | null {
  switch (tabOf(status)) {
    case 'pending':
      return respondBy;
    case 'active': {
      const ahead = dueDates
        .map((d) => Date.parse(d))
        .filter((t) => t >= now.getTime())
        .sort((a, b) => a - b);
      return ahead.length ? new Date(ahead[0]!) : null;
    }
    default:
      return null;
  }
}

import { AppError, LIFECYCLE_STATUSES, type CampaignTab, type LifecycleStatus as OfferStatus } from '#libs/contracts';

/**
 * One lifecycle for an offer and the work it buys. Campaigns' own commands (withdraw, expire)
 * and negotiation's events (everything else) all pass through `transition`.
 *
 *  awaiting_response ─┬─ propose ──────────────▶ changes_proposed ◀─┐ propose
 *  changes_proposed   ├─ request-confirmation ─▶ awaiting_creator_confirmation
 *  awaiting_creator_  ├─ accept ───────────────▶ accepted
 *    confirmation     ├─ decline ──────────────▶ declined      (final)
 *                     │  (confirmation only) reopen ──▶ awaiting_response, reopen-countered ──▶ changes_proposed
 *                     ├─ withdraw ─────────────▶ withdrawn     (final)
 *                     └─ expire (respondBy) ───▶ expired       (final)
 *
 *  accepted | active | revisions_requested ── submit ──▶ content_submitted ◀─┐ submit (another deliverable)
 *  content_submitted ── request-changes ──▶ revisions_requested
 *  content_submitted ── approve-part ─────▶ active      (deliverables still to come)
 *  content_submitted ── approve-all ──────▶ approved ── complete ──▶ completed (final)
 *
 * Time is judged on every command: a pending offer whose `respondBy` has passed is expired
 * whatever its stored status, and the only transition left to it is `expire`.
 */
export type OfferCommand =
  | 'withdraw'
  | 'expire'
  | 'propose'
  | 'request-confirmation'
  | 'accept'
  | 'decline'
  | 'reopen'
  | 'reopen-countered'
  | 'submit'
  | 'request-changes'
  | 'approve-part'
  | 'approve-all'
  | 'complete';

const PENDING_EXITS = {
  propose: 'changes_proposed',
  'request-confirmation': 'awaiting_creator_confirmation',
  accept: 'accepted',
  decline: 'declined',
  withdraw: 'withdrawn',
  expire: 'expired',
} as const satisfies Partial<Record<OfferCommand, OfferStatus>>;

/** Every legal transition; anything not listed is refused with 409. */
export const TRANSITIONS: Readonly<Record<OfferStatus, Readonly<Partial<Record<OfferCommand, OfferStatus>>>>> = {
  awaiting_response: PENDING_EXITS,
  changes_proposed: PENDING_EXITS,
  awaiting_creator_confirmation: { ...PENDING_EXITS, reopen: 'awaiting_response', 'reopen-countered': 'changes_proposed' },
  accepted: { submit: 'content_submitted' },
  active: { submit: 'content_submitted' },
  content_submitted: { submit: 'content_submitted', 'request-changes': 'revisions_requested', 'approve-part': 'active', 'approve-all': 'approved' },
  revisions_requested: { submit: 'content_submitted' },
  approved: { complete: 'completed' },
  completed: {},
  declined: {},
  expired: {},
  withdrawn: {},
};

const TABS: Record<OfferStatus, CampaignTab> = {
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
};

export function tabOf(status: OfferStatus): CampaignTab {
  return TABS[status];
}

export function statusesIn(tab: CampaignTab): OfferStatus[] {
  return LIFECYCLE_STATUSES.filter((s) => TABS[s] === tab);
}

/** An offer still open for an answer: one per campaign–creator pair. */
export function isOpen(status: OfferStatus): boolean {
  return tabOf(status) === 'pending';
}

export interface OfferState {
  status: OfferStatus;
  respondBy: Date;
}

/** The status as of `now`: a pending offer past `respondBy` is expired before any sweep records it. */
export function effectiveStatus(state: OfferState, now: Date): OfferStatus {
  return isOpen(state.status) && now.getTime() >= state.respondBy.getTime() ? 'expired' : state.status;
}

export interface OfferTransition {
  status: OfferStatus;
  previous: OfferStatus;
  /** False when the command is legal but leaves the status as it was (a counter-proposal). */
  changed: boolean;
}

/** 409 that names the status the offer is in, so a client can reload and decide. */
export class IllegalTransitionError extends AppError {
  constructor(
    readonly current: OfferStatus,
    readonly command: OfferCommand,
  ) {
    super('conflict', 'Offer state conflict', `The offer is ${current}; ${command} is not possible from there`);
  }
}

export function transition(state: OfferState, command: OfferCommand, now: Date): OfferTransition {
  const current = effectiveStatus(state, now);
  if (command === 'expire') {
    // Only an open offer whose time has come expires, and only once.
    if (current !== 'expired' || !isOpen(state.status)) throw new IllegalTransitionError(state.status, command);
    return { status: 'expired', previous: state.status, changed: true };
  }
  const next = TRANSITIONS[current][command];
  if (!next) throw new IllegalTransitionError(current, command);
  return { status: next, previous: state.status, changed: next !== state.status };
}

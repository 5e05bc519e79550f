import { AppError, type OfferStatus, type Side, type WorkStatus } from '#libs/contracts';

/**
 *                    propose (either side, on the current version)
 *                   ┌────────────┐
 *                   ▼            │
 *  awaiting_response ──propose──▶ changes_proposed ──┐
 *        │   accept (the side that did not author the current version)
 *        ├──────────────────────────────────────────┼──────────────▶ accepted ──complete──▶ (work completed)
 *        │   accept by an agency under requireConfirmation           ▲
 *        ├──────────────────────────────────────────┴──▶ awaiting_creator_confirmation
 *        │                                                  │ confirm (creator) ─┘
 *        │                                                  │ reject-confirmation (creator) → open again
 *        └─ decline (either side) → declined; withdraw / expire (campaigns) → withdrawn / expired
 *
 * declined, withdrawn and expired are final, and so is accepted for the negotiation (the work
 * continues under the contract).
 *
 * Campaigns is the authority on whether an offer is still open: it applies its own withdrawal
 * and expiry and negotiation's events in one order, and announces a withdrawal or expiry only
 * when it won there (it refuses to withdraw an offer it has already seen accepted). So a
 * withdrawal or expiry always closes the offer here too, even one this service accepted or
 * declined a moment earlier: that accept or decline crossed it and campaigns refused it.
 */
export type NegotiationCommand =
  | { type: 'propose'; side: Side; baseVersion: number }
  | { type: 'accept'; side: Side; version: number; needsConfirmation: boolean }
  | { type: 'confirm' }
  | { type: 'reject-confirmation' }
  | { type: 'decline'; side: Side }
  | { type: 'withdraw' }
  | { type: 'expire' }
  | { type: 'complete'; everyDeliverableApproved: boolean };

export type NegotiationEventKind =
  | 'proposed'
  | 'accepted'
  | 'confirmation-requested'
  | 'confirmation-rejected'
  | 'declined'
  | 'withdrawn'
  | 'expired'
  | 'completed';

export interface NegotiationState {
  status: OfferStatus;
  currentVersion: number;
  currentAuthor: Side;
  workStatus: WorkStatus | null;
  /** When the offer lapses unless answered (campaigns records the expiry; nothing is accepted after it). */
  respondBy: Date | null;
}

export interface NegotiationTransition {
  status: OfferStatus;
  currentVersion: number;
  currentAuthor: Side;
  workStatus: WorkStatus | null;
  /** What happened; null when the command changed nothing (a withdrawal that lost the race). */
  event: NegotiationEventKind | null;
}

const OPEN: readonly OfferStatus[] = ['awaiting_response', 'changes_proposed'];

export function isOpen(status: OfferStatus): boolean {
  return OPEN.includes(status);
}

/** Still undecided: open, or waiting for the creator to confirm their agency's accept. */
export function isUndecided(status: OfferStatus): boolean {
  return isOpen(status) || status === 'awaiting_creator_confirmation';
}

function conflict(detail: string, errors?: { path: string; message: string }[]): AppError {
  return new AppError('conflict', 'Offer state conflict', detail, errors);
}

export function staleVersion(current: number, field: string): AppError {
  return conflict(`the current version is ${current}; reload and retry on it`, [{ path: field, message: `Current version is ${current}` }]);
}

/** Decisions after respondBy are refused even before campaigns' expiry reaches negotiation. */
function assertNotLapsed(state: NegotiationState, now: Date): void {
  if (state.respondBy && now.getTime() >= state.respondBy.getTime()) throw conflict(`the offer lapsed at ${state.respondBy.toISOString()}`);
}

export function transition(state: NegotiationState, command: NegotiationCommand, now: Date): NegotiationTransition {
  const same = { status: state.status, currentVersion: state.currentVersion, currentAuthor: state.currentAuthor, workStatus: state.workStatus };
  switch (command.type) {
    case 'propose':
      if (!isOpen(state.status)) throw conflict(`no proposals on an offer that is ${state.status}`);
      assertNotLapsed(state, now);
      if (command.baseVersion !== state.currentVersion) throw staleVersion(state.currentVersion, 'baseVersion');
      return { ...same, status: 'changes_proposed', currentVersion: state.currentVersion + 1, currentAuthor: command.side, event: 'proposed' };

    case 'accept':
      if (!isOpen(state.status)) throw conflict(`an offer that is ${state.status} cannot be accepted`);
      assertNotLapsed(state, now);
      if (command.version !== state.currentVersion) throw staleVersion(state.currentVersion, 'version');
      if (command.side === state.currentAuthor) {
        throw new AppError('unprocessable', 'Own proposal', `the ${command.side} side authored version ${state.currentVersion}; the other side accepts it`);
      }
      return command.needsConfirmation
        ? { ...same, status: 'awaiting_creator_confirmation', event: 'confirmation-requested' }
        : { ...same, status: 'accepted', workStatus: 'active', event: 'accepted' };

    case 'confirm':
      if (state.status !== 'awaiting_creator_confirmation') throw conflict(`nothing waits for confirmation (the offer is ${state.status})`);
      assertNotLapsed(state, now);
      return { ...same, status: 'accepted', workStatus: 'active', event: 'accepted' };

    case 'reject-confirmation':
      if (state.status !== 'awaiting_creator_confirmation') throw conflict(`nothing waits for confirmation (the offer is ${state.status})`);
      return { ...same, status: state.currentVersion > 1 ? 'changes_proposed' : 'awaiting_response', event: 'confirmation-rejected' };

    case 'decline':
      if (!isUndecided(state.status)) throw conflict(`an offer that is ${state.status} cannot be declined`);
      return { ...same, status: 'declined', event: 'declined' };

    case 'withdraw':
    case 'expire': {
      const status = command.type === 'withdraw' ? 'withdrawn' : 'expired';
      if (state.status === 'withdrawn' || state.status === 'expired') return { ...same, event: null };
      return { ...same, status, workStatus: null, event: status };
    }

    case 'complete':
      if (state.status !== 'accepted' || state.workStatus === 'completed') throw conflict(`only accepted work in progress can be completed (the offer is ${state.status}, work ${state.workStatus ?? 'not started'})`);
      if (!command.everyDeliverableApproved) {
        throw new AppError('unprocessable', 'Deliverables not approved', 'every deliverable of the contract must be approved before the offer is completed');
      }
      return { ...same, workStatus: 'completed', event: 'completed' };
  }
}

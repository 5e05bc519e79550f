import { AppError, type CampaignStatus } from '#libs/contracts';

/**
 *            pause                    close
 *  active ─────────▶ paused ───────────────────▶ closed
 *    ▲ │               │                            ▲
 *    │ └── resume ◀────┘                            │
 *    └──────────────────── close ───────────────────┘
 *
 * Only an active campaign takes new offers. Offers already sent and deals already accepted are
 * the creator's as much as the brand's: pausing or closing never touches them, they go on to
 * completion. Closed is final, and a closed campaign cannot be edited either.
 */
export type CampaignCommand = { type: 'pause' } | { type: 'resume' } | { type: 'close' } | { type: 'edit' };

export type CampaignEventKind = 'edited' | 'paused' | 'resumed' | 'closed';

export interface CampaignTransition {
  status: CampaignStatus;
  event: CampaignEventKind;
}

function conflict(detail: string): AppError {
  return new AppError('conflict', 'Campaign state conflict', detail);
}

export function transition(status: CampaignStatus, command: CampaignCommand): CampaignTransition {
  if (status === 'closed') throw conflict('the campaign is closed; it can no longer change');
  switch (command.type) {
    case 'edit':
      return { status, event: 'edited' };
    case 'pause':
      if (status !== 'active') throw conflict(`only an active campaign can be paused (it is ${status})`);
      return { status: 'paused', event: 'paused' };
    case 'resume':
      if (status !== 'paused') throw conflict(`only a paused campaign can be resumed (it is ${status})`);
      return { status: 'active', event: 'resumed' };
    case 'close':
      return { status: 'closed', event: 'closed' };
  }
}

/** A new offer goes out only from an active campaign; the answer says why not. */
export function assertTakesOffers(status: CampaignStatus): void {
  if (status === 'paused') {
    throw new AppError('conflict', 'Campaign paused', 'The campaign is paused and takes no new offers; resume it to send one. Offers and deals already under way go on.');
  }
  if (status === 'closed') {
    throw new AppError('conflict', 'Campaign closed', 'The campaign is closed and takes no new offers. Deals already under way go on to completion.');
  }
}

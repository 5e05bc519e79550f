import { AppError, type OrgKind, type UserKind } from '#libs/contracts';
import { orgKindFor } from './member.rules.js';

/**
 * An invitation is the only way into an existing organization: an owner or admin invites an
 * address with a role (member.rules.ts decides who may offer which role), and only the
 * person signed in with that address can accept or decline it, once, before it expires.
 *
 *   pending ──accept──▶ accepted (a member with the invited role)
 *      │ └───decline──▶ declined
 *      └──(expiresAt passes)──▶ expired
 */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'expired';

export interface InvitationState {
  status: InvitationStatus;
  email: string;
  expiresAt: Date;
}

export interface Invitee {
  email: string;
  kind: UserKind;
  /** Already a member of some organization (one per account). */
  inOrganization: boolean;
}

/** The status as of `now`: a pending invitation past its expiry is expired, job or no job. */
export function invitationStatusAt(inv: InvitationState, now: Date): InvitationStatus {
  return inv.status === 'pending' && inv.expiresAt.getTime() <= now.getTime() ? 'expired' : inv.status;
}

/** What `invitee` may do to the invitation; throws the typed refusal otherwise. */
/** Only the invitee may decide an invitation: somebody else's is as unknown as a missing one. */
export function assertInvitee<I extends InvitationState>(inv: I | null, inviteeEmail: string | undefined): asserts inv is I {
  if (!inv || inv.email !== inviteeEmail) throw new AppError('not_found', 'Not found', 'No such invitation');
}

export function decideInvitation(inv: InvitationState | null, action: 'accept' | 'decline', invitee: Invitee, orgKind: OrgKind, now: Date): 'accepted' | 'declined' {
  assertInvitee(inv, invitee.email);
  const status = invitationStatusAt(inv, now);
  if (status === 'expired') throw new AppError('conflict', 'Invitation expired', 'This invitation has expired; ask for a new one');
  if (status !== 'pending') throw new AppError('conflict', 'Invitation already decided', `This invitation was already ${status}`);
  if (action === 'decline') return 'declined';
  if (orgKindFor(invitee.kind) !== orgKind) {
    throw new AppError('unprocessable', 'Cannot join', `A ${invitee.kind} account cannot join an ${orgKind === 'agency' ? 'agency' : 'brand'}`);
  }
  if (invitee.inOrganization) throw new AppError('unprocessable', 'Cannot join', 'This account already belongs to an organization; leave it first');
  return 'accepted';
}

import { AppError, type GrantStatus, type Scope } from '#libs/contracts';
import { effectiveStatus } from '#libs/authz';
import { narrowScopes, sameScopes } from './scopes.js';

/**
 *            approve (creator, may narrow)          revoke (creator / agency admin)
 *  pending ────────────────────────────────▶ active ───────────────────────────────▶ revoked
 *     │ decline (creator)                     │  │ narrow (creator): scopes-changed
 *     ▼                                       │  └──────────────┐ (stays active)
 *  declined          revoke ◀─ pending        │ expiresAt passes
 *                                             ▼
 *                                          expired   (pending grants expire too)
 *
 * declined, revoked and expired are final. Time is checked on every command: a grant past
 * its expiry is expired whatever its stored status, and the only transition left is `expire`.
 */
export type GrantCommand =
  | { type: 'approve'; scopes?: readonly Scope[] }
  | { type: 'decline' }
  | { type: 'revoke' }
  | { type: 'narrow'; scopes: readonly Scope[] }
  | { type: 'expire' };

export type GrantEventKind = 'activated' | 'declined' | 'revoked' | 'expired' | 'scopes-changed';

export interface GrantState {
  status: GrantStatus;
  scopes: readonly Scope[];
  requestedScopes: readonly Scope[];
  expiresAt: Date | null;
}

export interface GrantTransition {
  status: GrantStatus;
  scopes: Scope[];
  /** What happened; null when the command changed nothing (narrowing to the same set). */
  event: GrantEventKind | null;
}

const FINAL: readonly GrantStatus[] = ['declined', 'revoked', 'expired'];

export class GrantExpiredError extends AppError {
  constructor() {
    super('conflict', 'Grant expired', 'This grant has reached its expiry and can no longer change');
  }
}

function conflict(detail: string): AppError {
  return new AppError('conflict', 'Grant state conflict', detail);
}

export function isOpen(status: GrantStatus): boolean {
  return status === 'pending' || status === 'active';
}

export function transition(state: GrantState, command: GrantCommand, now: Date): GrantTransition {
  const current = effectiveStatus(state, now);
  if (command.type === 'expire') {
    if (current !== 'expired' || !isOpen(state.status)) throw conflict(`a ${state.status} grant that has not reached its expiry cannot expire`);
    return { status: 'expired', scopes: [...state.scopes], event: 'expired' };
  }
  if (current === 'expired') throw new GrantExpiredError();
  if (FINAL.includes(current)) throw conflict(`the grant is already ${current}`);

  switch (command.type) {
    case 'approve':
      if (current !== 'pending') throw conflict(`only a pending grant can be approved (it is ${current})`);
      return { status: 'active', scopes: narrowScopes(state.requestedScopes, command.scopes), event: 'activated' };
    case 'decline':
      if (current !== 'pending') throw conflict(`only a pending grant can be declined (it is ${current}); revoke an active one`);
      return { status: 'declined', scopes: [...state.scopes], event: 'declined' };
    case 'revoke':
      return { status: 'revoked', scopes: [...state.scopes], event: 'revoked' };
    case 'narrow': {
      if (current !== 'active') throw conflict(`only an active grant can be narrowed (it is ${current})`);
      const scopes = narrowScopes(state.scopes, command.scopes);
      return { status: 'active', scopes, event: sameScopes(scopes, state.scopes) ? null : 'scopes-changed' };
    }
  }
}

import { AppError } from '#libs/contracts';
import { GrantExpiredError, transition, type GrantCommand, type GrantState } from './grant.state-machine.js';

const now = new Date('2026-11-23T12:00:00Z');
const pending: GrantState = { status: 'pending', scopes: ['campaigns:read', 'metrics:read'], requestedScopes: ['campaigns:read', 'metrics:read'], expiresAt: null };
const active: GrantState = { ...pending, status: 'active' };

const statusOf = (err: unknown) => (err as AppError).status;
function refused(state: GrantState, command: GrantCommand): AppError {
  try {
    transition(state, command, now);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error(`${command.type} on ${state.status} was allowed`);
}

describe('grant state machine', () => {
  it('activates a pending grant with the requested scopes, or fewer', () => {
    expect(transition(pending, { type: 'approve' }, now)).toEqual({ status: 'active', scopes: ['campaigns:read', 'metrics:read'], event: 'activated' });
    expect(transition(pending, { type: 'approve', scopes: ['metrics:read'] }, now)).toEqual({ status: 'active', scopes: ['metrics:read'], event: 'activated' });
    expect(statusOf(refused(pending, { type: 'approve', scopes: ['rates:write'] }))).toBe(422);
  });

  it('declines only pending grants', () => {
    expect(transition(pending, { type: 'decline' }, now)).toMatchObject({ status: 'declined', event: 'declined' });
    expect(statusOf(refused(active, { type: 'decline' }))).toBe(409);
  });

  it('revokes pending and active grants', () => {
    expect(transition(pending, { type: 'revoke' }, now)).toMatchObject({ status: 'revoked', event: 'revoked' });
    expect(transition(active, { type: 'revoke' }, now)).toMatchObject({ status: 'revoked', event: 'revoked' });
  });

  it('narrows an active grant, and a same-set narrowing changes nothing', () => {
    expect(transition(active, { type: 'narrow', scopes: ['metrics:read'] }, now)).toEqual({ status: 'active', scopes: ['metrics:read'], event: 'scopes-changed' });
    expect(transition(active, { type: 'narrow', scopes: ['metrics:read', 'campaigns:read'] }, now).event).toBeNull();
    expect(statusOf(refused(active, { type: 'narrow', scopes: ['offers:negotiate'] }))).toBe(422);
    expect(statusOf(refused(pending, { type: 'narrow', scopes: ['metrics:read'] }))).toBe(409);
  });

  it('treats declined, revoked and expired as final', () => {
    for (const status of ['declined', 'revoked', 'expired'] as const) {
      for (const command of [{ type: 'approve' }, { type: 'decline' }, { type: 'revoke' }, { type: 'narrow', scopes: ['metrics:read'] }] as GrantCommand[]) {
        expect(statusOf(refused({ ...active, status }, command))).toBe(409);
      }
    }
  });

  it('expires at expiresAt whatever the stored status, without a job having run', () => {
    const lapsed: GrantState = { ...active, expiresAt: now };
    expect(refused(lapsed, { type: 'revoke' })).toBeInstanceOf(GrantExpiredError);
    expect(refused({ ...pending, expiresAt: now }, { type: 'approve' })).toBeInstanceOf(GrantExpiredError);
    expect(transition(lapsed, { type: 'expire' }, now)).toMatchObject({ status: 'expired', event: 'expired' });
    expect(transition({ ...pending, expiresAt: now }, { type: 'expire' }, now)).toMatchObject({ status: 'expired' });
  });

  it('only expires a grant whose time has come, once', () => {
    expect(statusOf(refused({ ...active, expiresAt: new Date(now.getTime() + 1) }, { type: 'expire' }))).toBe(409);
    expect(statusOf(refused(active, { type: 'expire' }))).toBe(409);
    expect(statusOf(refused({ ...active, status: 'expired', expiresAt: now }, { type: 'expire' }))).toBe(409);
  });
});

import { decideInvitation, invitationStatusAt, type InvitationState, type Invitee } from './invitation.state-machine.js';

const now = new Date('2026-11-30T10:00:00Z');
const pending: InvitationState = { status: 'pending', email: 'max@agency.example', expiresAt: new Date('2026-12-07T10:00:00Z') };
const max: Invitee = { email: 'max@agency.example', kind: 'manager', inOrganization: false };

describe('invitation state machine', () => {
  it('lets the invitee accept or decline a pending invitation', () => {
    expect(decideInvitation(pending, 'accept', max, 'agency', now)).toBe('accepted');
    expect(decideInvitation(pending, 'decline', max, 'agency', now)).toBe('declined');
  });

  it('treats somebody else\'s invitation as unknown', () => {
    expect(() => decideInvitation(pending, 'accept', { ...max, email: 'eve@example.com' }, 'agency', now)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => decideInvitation(null, 'decline', max, 'agency', now)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('decides once, and not after the expiry', () => {
    expect(() => decideInvitation({ ...pending, status: 'accepted' }, 'decline', max, 'agency', now)).toThrow(expect.objectContaining({ code: 'conflict' }));
    const expired = { ...pending, expiresAt: now };
    expect(invitationStatusAt(expired, now)).toBe('expired');
    expect(invitationStatusAt(pending, now)).toBe('pending');
    expect(() => decideInvitation(expired, 'accept', max, 'agency', now)).toThrow(expect.objectContaining({ code: 'conflict', title: 'Invitation expired' }));
  });

  it('lets only the right kind of account, not yet in an organization, join', () => {
    expect(() => decideInvitation(pending, 'accept', { ...max, kind: 'brand' }, 'agency', now)).toThrow(expect.objectContaining({ code: 'unprocessable' }));
    expect(() => decideInvitation(pending, 'accept', { ...max, kind: 'creator' }, 'agency', now)).toThrow(expect.objectContaining({ code: 'unprocessable' }));
    expect(() => decideInvitation(pending, 'accept', { ...max, inOrganization: true }, 'agency', now)).toThrow(expect.objectContaining({ code: 'unprocessable' }));
    // Declining needs none of that.
    expect(decideInvitation(pending, 'decline', { ...max, kind: 'brand', inOrganization: true }, 'agency', now)).toBe('declined');
    expect(decideInvitation(pending, 'accept', { ...max, kind: 'brand' }, 'brand', now)).toBe('accepted');
  });
});

import { AppError } from '#libs/contracts';
import { transition, type NegotiationCommand, type NegotiationState } from './negotiation.state-machine.js';

const now = new Date('2026-12-01T12:00:00Z');
const fresh: NegotiationState = { status: 'awaiting_response', currentVersion: 1, currentAuthor: 'brand', workStatus: null, respondBy: null };

function fails(state: NegotiationState, cmd: NegotiationCommand, code: string, detail?: RegExp) {
  let caught: unknown;
  try {
    transition(state, cmd, now);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe(code);
  if (detail) expect((caught as AppError).detail).toMatch(detail);
}

describe('offer negotiation state machine', () => {
  it('a proposal on the current version opens the next one, authored by the proposer', () => {
    expect(transition(fresh, { type: 'propose', side: 'creator', baseVersion: 1 }, now)).toEqual({
      status: 'changes_proposed',
      currentVersion: 2,
      currentAuthor: 'creator',
      workStatus: null,
      event: 'proposed',
    });
  });

  it('a proposal on a stale version is a conflict naming the current version', () => {
    fails({ ...fresh, currentVersion: 3, status: 'changes_proposed' }, { type: 'propose', side: 'brand', baseVersion: 2 }, 'conflict', /current version is 3/);
  });

  it('the side that did not author the current version accepts it; the author cannot', () => {
    expect(transition(fresh, { type: 'accept', side: 'creator', version: 1, needsConfirmation: false }, now)).toMatchObject({ status: 'accepted', workStatus: 'active', event: 'accepted' });
    fails(fresh, { type: 'accept', side: 'brand', version: 1, needsConfirmation: false }, 'unprocessable', /brand side authored version 1/);
    fails({ ...fresh, currentVersion: 2, status: 'changes_proposed', currentAuthor: 'creator' }, { type: 'accept', side: 'brand', version: 1, needsConfirmation: false }, 'conflict', /current version is 2/);
  });

  it("an agency's accept under requireConfirmation waits for the creator, who confirms or sends it back", () => {
    const waiting = transition(fresh, { type: 'accept', side: 'creator', version: 1, needsConfirmation: true }, now);
    expect(waiting).toMatchObject({ status: 'awaiting_creator_confirmation', workStatus: null, event: 'confirmation-requested' });
    const state = { ...fresh, ...waiting };
    expect(transition(state, { type: 'confirm' }, now)).toMatchObject({ status: 'accepted', workStatus: 'active', event: 'accepted' });
    expect(transition(state, { type: 'reject-confirmation' }, now)).toMatchObject({ status: 'awaiting_response', event: 'confirmation-rejected' });
    expect(transition({ ...state, currentVersion: 2 }, { type: 'reject-confirmation' }, now)).toMatchObject({ status: 'changes_proposed' });
    fails(state, { type: 'propose', side: 'brand', baseVersion: 1 }, 'conflict');
    fails(fresh, { type: 'confirm' }, 'conflict');
  });

  it.each(['declined', 'withdrawn', 'expired'] as const)('nothing is proposed or accepted once %s', (status) => {
    const closed = { ...fresh, status };
    fails(closed, { type: 'accept', side: 'creator', version: 1, needsConfirmation: false }, 'conflict');
    fails(closed, { type: 'propose', side: 'creator', baseVersion: 1 }, 'conflict');
    fails(closed, { type: 'decline', side: 'creator' }, 'conflict');
  });

  it('nothing is accepted after respondBy, even before the expiry is recorded', () => {
    fails({ ...fresh, respondBy: new Date(now.getTime() - 1) }, { type: 'accept', side: 'creator', version: 1, needsConfirmation: false }, 'conflict', /lapsed/);
    expect(transition({ ...fresh, respondBy: new Date(now.getTime() + 1) }, { type: 'accept', side: 'creator', version: 1, needsConfirmation: false }, now).status).toBe('accepted');
  });

  it("campaigns' withdrawal or expiry closes the offer, even an accept or decline that crossed it", () => {
    expect(transition(fresh, { type: 'withdraw' }, now)).toMatchObject({ status: 'withdrawn', event: 'withdrawn' });
    expect(transition({ ...fresh, status: 'awaiting_creator_confirmation' }, { type: 'expire' }, now)).toMatchObject({ status: 'expired', event: 'expired' });
    const accepted = { ...fresh, status: 'accepted' as const, workStatus: 'active' as const };
    expect(transition(accepted, { type: 'withdraw' }, now)).toMatchObject({ status: 'withdrawn', workStatus: null, event: 'withdrawn' });
    expect(transition({ ...fresh, status: 'declined' }, { type: 'expire' }, now)).toMatchObject({ status: 'expired', event: 'expired' });
  });

  it('a second withdrawal or expiry changes nothing', () => {
    expect(transition({ ...fresh, status: 'withdrawn' }, { type: 'expire' }, now)).toMatchObject({ status: 'withdrawn', event: null });
    expect(transition({ ...fresh, status: 'expired' }, { type: 'withdraw' }, now)).toMatchObject({ status: 'expired', event: null });
  });

  it('either side declines an undecided offer', () => {
    expect(transition(fresh, { type: 'decline', side: 'brand' }, now)).toMatchObject({ status: 'declined', event: 'declined' });
    expect(transition({ ...fresh, status: 'awaiting_creator_confirmation' }, { type: 'decline', side: 'creator' }, now).status).toBe('declined');
    fails({ ...fresh, status: 'accepted', workStatus: 'active' }, { type: 'decline', side: 'creator' }, 'conflict');
  });

  it('completion needs accepted work with every deliverable approved, once', () => {
    const accepted = { ...fresh, status: 'accepted' as const, workStatus: 'approved' as const };
    expect(transition(accepted, { type: 'complete', everyDeliverableApproved: true }, now)).toMatchObject({ workStatus: 'completed', event: 'completed' });
    fails(accepted, { type: 'complete', everyDeliverableApproved: false }, 'unprocessable');
    fails({ ...accepted, workStatus: 'completed' }, { type: 'complete', everyDeliverableApproved: true }, 'conflict');
    fails(fresh, { type: 'complete', everyDeliverableApproved: true }, 'conflict');
  });
});

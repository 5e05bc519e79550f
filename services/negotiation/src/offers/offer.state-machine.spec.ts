import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, LIFECYCLE_STATUSES, type WorkStatus } from '#libs/contracts';
import {
  IllegalTransitionError,
  lifecycleEdges,
  lifecycleMermaid,
  transition,
  TRANSITIONS,
  type CommandType,
  type OfferCommand,
  type OfferState,
  type Phase,
} from './offer.state-machine.js';

const now = new Date('2026-12-01T12:00:00Z');
const fresh: OfferState = { status: 'awaiting_response', currentVersion: 1, currentAuthor: 'brand', workStatus: null, respondBy: null };

function fails(state: OfferState, cmd: OfferCommand, code: string, detail?: RegExp | string) {
  let caught: unknown;
  try {
    transition(state, cmd, now);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe(code);
  if (typeof detail === 'string') expect((caught as AppError).detail).toBe(detail);
  else if (detail) expect((caught as AppError).detail).toMatch(detail);
}

/** A state in each phase, as negotiation's row holds it. */
function stateIn(phase: Phase): OfferState {
  switch (phase) {
    case 'awaiting_response':
    case 'declined':
    case 'withdrawn':
    case 'expired':
      return { ...fresh, status: phase };
    case 'changes_proposed':
    case 'awaiting_creator_confirmation':
      return { ...fresh, status: phase, currentVersion: 2, currentAuthor: 'creator' };
    case 'accepted':
      return { ...fresh, status: 'accepted', workStatus: 'active' };
    case 'cancellation_requested':
    case 'cancelled':
      return { ...fresh, status: phase, workStatus: 'content_submitted', cancellationRequestedBy: 'brand' };
    default:
      return { ...fresh, status: 'accepted', workStatus: phase as WorkStatus };
  }
}

/** A well-formed command of each type, aimed at the first phase the table lists for it from `from`. */
function commandFor(type: CommandType, from: Phase): OfferCommand {
  const to = TRANSITIONS[from][type]?.[0];
  const work = (to === 'accepted' ? 'active' : (to ?? 'active')) as WorkStatus;
  switch (type) {
    case 'propose':
      return { type, side: 'brand', baseVersion: stateIn(from).currentVersion };
    case 'accept':
    case 'request-confirmation':
      return { type: 'accept', side: stateIn(from).currentAuthor === 'brand' ? 'creator' : 'brand', version: stateIn(from).currentVersion, needsConfirmation: type === 'request-confirmation' };
    case 'decline':
      return { type, side: 'creator' };
    case 'submit':
      return { type, workStatus: work };
    case 'request-changes':
      return { type: 'review', workStatus: 'revisions_requested', deemed: false, approved: false };
    case 'approve-part':
      return { type: 'review', workStatus: work === 'approved' ? 'active' : work, deemed: false, approved: true };
    case 'approve-all':
      return { type: 'review', workStatus: 'approved', deemed: false, approved: true };
    case 'deemed-approval':
      return { type: 'review', workStatus: work, deemed: true, approved: true };
    case 'complete':
      return { type, everyDeliverableApproved: true };
    case 'request-cancellation':
    case 'accept-cancellation':
      return { type, side: 'creator' };
    case 'decline-cancellation':
      return { type, side: 'creator', partlyApproved: false };
    default:
      return { type } as OfferCommand;
  }
}

const COMMANDS: CommandType[] = [
  'propose',
  'accept',
  'request-confirmation',
  'confirm',
  'reject-confirmation',
  'decline',
  'withdraw',
  'submit',
  'request-changes',
  'approve-part',
  'approve-all',
  'deemed-approval',
  'complete',
  'request-cancellation',
  'accept-cancellation',
  'decline-cancellation',
];

describe('offer lifecycle: the table', () => {
  it('has a row for every lifecycle status', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...LIFECYCLE_STATUSES].sort());
  });

  const pairs = LIFECYCLE_STATUSES.filter((p) => p !== 'active').flatMap((from) => COMMANDS.map((type) => [from, type] as const));
  it.each(pairs)('from %s, %s is legal exactly when the table lists it', (from, type) => {
    const allowed = TRANSITIONS[from][type];
    if (allowed) {
      const t = transition(stateIn(from), commandFor(type, from), now);
      expect(allowed).toContain(t.phase);
    } else {
      fails(stateIn(from), commandFor(type, from), 'conflict', `The offer is ${from}; ${type} is not possible`);
    }
  });

  it('expires only an undecided offer whose respondBy has passed, once', () => {
    const lapsed = (phase: Phase) => ({ ...stateIn(phase), respondBy: new Date(now.getTime() - 1) });
    for (const phase of ['awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation'] as const) {
      expect(transition(lapsed(phase), { type: 'expire' }, now)).toMatchObject({ status: 'expired', phase: 'expired', event: 'expired' });
      fails({ ...stateIn(phase), respondBy: new Date(now.getTime() + 1) }, { type: 'expire' }, 'conflict', `The offer is ${phase}; expire is not possible`);
    }
    for (const phase of ['accepted', 'declined', 'withdrawn', 'expired', 'completed'] as const) fails(lapsed(phase), { type: 'expire' }, 'conflict', /expire is not possible/);
  });
});

describe('offer lifecycle: the rules beside the table', () => {
  it('a proposal on the current version opens the next one, authored by the proposer', () => {
    expect(transition(fresh, { type: 'propose', side: 'creator', baseVersion: 1 }, now)).toEqual({
      status: 'changes_proposed',
      currentVersion: 2,
      currentAuthor: 'creator',
      workStatus: null,
      phase: 'changes_proposed',
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
  });

  it('nothing is answered after respondBy, even before the expiry is recorded: 409 naming expired', () => {
    const lapsed = { ...fresh, respondBy: new Date(now.getTime() - 1) };
    fails(lapsed, { type: 'accept', side: 'creator', version: 1, needsConfirmation: false }, 'conflict', 'The offer is expired; accept is not possible');
    fails(lapsed, { type: 'withdraw' }, 'conflict', 'The offer is expired; withdraw is not possible');
    expect(transition({ ...fresh, respondBy: new Date(now.getTime() + 1) }, { type: 'accept', side: 'creator', version: 1, needsConfirmation: false }, now).status).toBe('accepted');
  });

  it('the loser of a race is told which status won', () => {
    const err = (() => {
      try {
        transition({ ...fresh, status: 'withdrawn' }, { type: 'accept', side: 'creator', version: 1, needsConfirmation: false }, now);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(IllegalTransitionError);
    expect(err).toMatchObject({ current: 'withdrawn', command: 'accept', detail: 'The offer is withdrawn; accept is not possible' });
  });

  it('completion needs every deliverable approved (422 while work is under way)', () => {
    fails(stateIn('content_submitted'), { type: 'complete', everyDeliverableApproved: false }, 'unprocessable');
    expect(transition(stateIn('approved'), { type: 'complete', everyDeliverableApproved: true }, now)).toMatchObject({ workStatus: 'completed', event: 'completed' });
    fails(stateIn('completed'), { type: 'complete', everyDeliverableApproved: true }, 'conflict');
  });

  it('drafts and reviews move the work to the status the submission rules computed', () => {
    expect(transition(stateIn('accepted'), { type: 'submit', workStatus: 'content_submitted' }, now)).toMatchObject({ status: 'accepted', workStatus: 'content_submitted', event: 'submitted' });
    expect(transition(stateIn('content_submitted'), { type: 'review', workStatus: 'active', deemed: false, approved: true }, now)).toMatchObject({ workStatus: 'active', phase: 'active', event: 'approved' });
    expect(transition(stateIn('content_submitted'), { type: 'review', workStatus: 'approved', deemed: true, approved: true }, now)).toMatchObject({ workStatus: 'approved', event: 'approved' });
  });
});

describe('offer lifecycle: cancellation by agreement', () => {
  it('either side asks while the work runs (not before acceptance, not after completion); the work status is kept', () => {
    for (const phase of ['accepted', 'active', 'content_submitted', 'revisions_requested', 'approved'] as const) {
      for (const side of ['brand', 'creator'] as const) {
        expect(transition(stateIn(phase), { type: 'request-cancellation', side }, now)).toMatchObject({
          status: 'cancellation_requested',
          workStatus: stateIn(phase).workStatus,
          event: 'cancellation-requested',
        });
      }
    }
    for (const phase of ['awaiting_response', 'completed', 'declined', 'cancelled'] as const) fails(stateIn(phase), { type: 'request-cancellation', side: 'brand' }, 'conflict', `The offer is ${phase}; request-cancellation is not possible`);
  });

  it('the other side answers: accept → cancelled, decline → the work status it interrupted; the asking side cannot answer', () => {
    const asked = { ...stateIn('approved'), ...transition(stateIn('approved'), { type: 'request-cancellation', side: 'brand' }, now), cancellationRequestedBy: 'brand' as const };
    fails(asked, { type: 'accept-cancellation', side: 'brand' }, 'unprocessable', /brand side asked for this cancellation/);
    fails(asked, { type: 'decline-cancellation', side: 'brand', partlyApproved: false }, 'unprocessable', /other side answers/);
    expect(transition(asked, { type: 'accept-cancellation', side: 'creator' }, now)).toMatchObject({ status: 'cancelled', workStatus: 'approved', phase: 'cancelled', event: 'cancelled' });
    expect(transition(asked, { type: 'decline-cancellation', side: 'creator', partlyApproved: false }, now)).toMatchObject({ status: 'accepted', workStatus: 'approved', phase: 'approved', event: 'cancellation-declined' });
    const partly = { ...stateIn('accepted'), status: 'cancellation_requested' as const, cancellationRequestedBy: 'creator' as const };
    expect(transition(partly, { type: 'decline-cancellation', side: 'brand', partlyApproved: true }, now)).toMatchObject({ status: 'accepted', workStatus: 'active', phase: 'active' });
    expect(transition(partly, { type: 'decline-cancellation', side: 'brand', partlyApproved: false }, now).phase).toBe('accepted');
  });

  it('no draft moves while a cancellation waits', () => {
    fails(stateIn('cancellation_requested'), { type: 'submit', workStatus: 'content_submitted' }, 'conflict', 'The offer is cancellation_requested; submit is not possible');
  });
});

describe('offer lifecycle: the diagram', () => {
  it('draws every edge of the table once', () => {
    const diagram = lifecycleMermaid();
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const e of lifecycleEdges()) expect(diagram).toMatch(new RegExp(`^ {4}${e.from} --> ${e.to}: .*\\b${e.command}\\b`, 'm'));
    for (const final of ['completed', 'declined', 'expired', 'withdrawn', 'cancelled']) expect(diagram).toContain(`    ${final} --> [*]`);
  });

  it('is the diagram docs/offer-lifecycle.md shows', () => {
    const doc = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/offer-lifecycle.md'), 'utf8');
    const shown = /```mermaid\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(shown).toBe(lifecycleMermaid());
  });
});

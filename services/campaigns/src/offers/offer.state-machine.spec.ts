import { AppError, LIFECYCLE_STATUSES as OFFER_STATUSES, type LifecycleStatus as OfferStatus } from '#libs/contracts';
import { effectiveStatus, IllegalTransitionError, statusesIn, tabOf, transition, TRANSITIONS, type OfferCommand } from './offer.state-machine.js';

const now = new Date('2026-11-23T12:00:00Z');
const later = new Date(now.getTime() + 86_400_000);
const state = (status: OfferStatus, respondBy = later) => ({ status, respondBy });

const ALL_COMMANDS: OfferCommand[] = [
  'withdraw',
  'expire',
  'propose',
  'request-confirmation',
  'accept',
  'decline',
  'reopen',
  'reopen-countered',
  'submit',
  'request-changes',
  'approve-part',
  'approve-all',
  'complete',
];

function refused(status: OfferStatus, command: OfferCommand, respondBy = later): IllegalTransitionError {
  try {
    transition(state(status, respondBy), command, now);
  } catch (err) {
    expect(err).toBeInstanceOf(IllegalTransitionError);
    return err as IllegalTransitionError;
  }
  throw new Error(`${command} from ${status} was allowed`);
}

/** The table as the product defines it, written out once more so a slip in either shows up. */
const LEGAL: [OfferStatus, OfferCommand, OfferStatus][] = [
  ...(['awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation'] as const).flatMap((from) => [
    [from, 'propose', 'changes_proposed'] as [OfferStatus, OfferCommand, OfferStatus],
    [from, 'request-confirmation', 'awaiting_creator_confirmation'] as [OfferStatus, OfferCommand, OfferStatus],
    [from, 'accept', 'accepted'] as [OfferStatus, OfferCommand, OfferStatus],
    [from, 'decline', 'declined'] as [OfferStatus, OfferCommand, OfferStatus],
    [from, 'withdraw', 'withdrawn'] as [OfferStatus, OfferCommand, OfferStatus],
  ]),
  ['awaiting_creator_confirmation', 'reopen', 'awaiting_response'],
  ['awaiting_creator_confirmation', 'reopen-countered', 'changes_proposed'],
  ['accepted', 'submit', 'content_submitted'],
  ['active', 'submit', 'content_submitted'],
  ['revisions_requested', 'submit', 'content_submitted'],
  ['content_submitted', 'submit', 'content_submitted'],
  ['content_submitted', 'request-changes', 'revisions_requested'],
  ['content_submitted', 'approve-part', 'active'],
  ['content_submitted', 'approve-all', 'approved'],
  ['approved', 'complete', 'completed'],
];

describe('offer state machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, command, to) => {
    expect(transition(state(from), command, now)).toEqual({ status: to, previous: from, changed: from !== to });
  });

  it('has no legal transition besides those (expire is judged by time, below)', () => {
    const table = OFFER_STATUSES.flatMap((from) =>
      Object.entries(TRANSITIONS[from])
        .filter(([command]) => command !== 'expire')
        .map(([command, to]) => [from, command, to]),
    );
    expect(table.sort()).toEqual([...LEGAL].sort());
  });

  it('refuses everything else with 409 naming the current status', () => {
    const legal = new Set(LEGAL.map(([from, command]) => `${from} ${command}`));
    let checked = 0;
    for (const from of OFFER_STATUSES) {
      for (const command of ALL_COMMANDS.filter((c) => c !== 'expire' && !legal.has(`${from} ${c}`))) {
        const err = refused(from, command);
        expect(err).toBeInstanceOf(AppError);
        expect(err.status).toBe(409);
        expect(err.detail).toContain(`is ${from};`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
    // A sample that matters to users, spelled out.
    expect(refused('accepted', 'withdraw').current).toBe('accepted');
    expect(refused('declined', 'accept').current).toBe('declined');
    expect(refused('withdrawn', 'propose').current).toBe('withdrawn');
    expect(refused('awaiting_response', 'complete').current).toBe('awaiting_response');
    expect(refused('approved', 'submit').current).toBe('approved');
  });

  it('expires an open offer once respondBy is reached, and nothing else', () => {
    for (const from of ['awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation'] as const) {
      expect(transition(state(from, now), 'expire', now)).toEqual({ status: 'expired', previous: from, changed: true });
      expect(refused(from, 'expire', later).current).toBe(from);
    }
    for (const from of OFFER_STATUSES.filter((s) => tabOf(s) !== 'pending')) {
      expect(refused(from, 'expire', now).current).toBe(from);
    }
  });

  it('treats a pending offer past respondBy as expired before any sweep ran', () => {
    const lapsed = state('awaiting_response', now);
    expect(effectiveStatus(lapsed, now)).toBe('expired');
    expect(effectiveStatus(lapsed, new Date(now.getTime() - 1))).toBe('awaiting_response');
    expect(effectiveStatus(state('accepted', now), later)).toBe('accepted');
    const err = refused('awaiting_response', 'accept', now);
    expect(err.current).toBe('expired');
  });

  it('puts every status in exactly one tab', () => {
    expect(statusesIn('pending')).toEqual(['awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation']);
    expect(statusesIn('active')).toEqual(['accepted', 'active', 'content_submitted', 'revisions_requested', 'approved']);
    expect(statusesIn('completed')).toEqual(['completed']);
    expect(statusesIn('inactive')).toEqual(['declined', 'expired', 'withdrawn']);
    expect(OFFER_STATUSES.map(tabOf).length).toBe(12);
  });
});

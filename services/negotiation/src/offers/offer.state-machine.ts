import { AppError, lifecycleStatusOf, type LifecycleStatus, type OfferStatus, type Side, type WorkStatus } from '#libs/contracts';

/**
 * The one lifecycle of an offer, from the moment a brand sends it until it is completed,
 * declined, withdrawn, expired or cancelled by agreement. Negotiation owns it: every status-changing command passes
 * through `transition` under the offer's row lock, and every other service only projects the
 * events that follow. `TRANSITIONS` is the whole table: the documentation's diagram is drawn
 * from it (`lifecycleMermaid`) and a test keeps the two equal.
 *
 * The state is the offer's status and, once accepted, its work status (a `Phase`, named as the
 * lifecycle statuses campaigns shows). Time is judged on every command: an undecided offer
 * whose `respondBy` has passed is expired whatever its stored status, and the only command
 * left to it is `expire`.
 */
export type CommandType =
  | 'propose'
  | 'accept'
  | 'request-confirmation'
  | 'confirm'
  | 'reject-confirmation'
  | 'decline'
  | 'withdraw'
  | 'expire'
  | 'submit'
  | 'request-changes'
  | 'approve-part'
  | 'approve-all'
  | 'deemed-approval'
  | 'complete'
  | 'request-cancellation'
  | 'accept-cancellation'
  | 'decline-cancellation';

export type OfferCommand =
  | { type: 'propose'; side: Side; baseVersion: number }
  | { type: 'accept'; side: Side; version: number; needsConfirmation: boolean }
  | { type: 'confirm' }
  | { type: 'reject-confirmation' }
  | { type: 'decline'; side: Side }
  | { type: 'withdraw' }
  | { type: 'expire' }
  /** Drafts and reviews: the work status after them, as the submission rules compute it. */
  | { type: 'submit'; workStatus: WorkStatus }
  | { type: 'review'; workStatus: WorkStatus; deemed: boolean; approved: boolean }
  | { type: 'complete'; everyDeliverableApproved: boolean }
  /** Ending accepted work by agreement: one side asks, the other side answers. */
  | { type: 'request-cancellation'; side: Side }
  | { type: 'accept-cancellation'; side: Side }
  /** `partlyApproved`: some drafts were approved already (the work goes back to `active`, not `accepted`). */
  | { type: 'decline-cancellation'; side: Side; partlyApproved: boolean };

/** A phase of the lifecycle: an offer status, or, once accepted, the status of the work. */
export type Phase = LifecycleStatus;

const OPEN: Partial<Record<CommandType, readonly Phase[]>> = {
  propose: ['changes_proposed'],
  accept: ['accepted'],
  'request-confirmation': ['awaiting_creator_confirmation'],
  decline: ['declined'],
  withdraw: ['withdrawn'],
  expire: ['expired'],
};
const CANCELLABLE: Partial<Record<CommandType, readonly Phase[]>> = { 'request-cancellation': ['cancellation_requested'] };
const WORK_NOT_STARTED: Partial<Record<CommandType, readonly Phase[]>> = { submit: ['content_submitted'], ...CANCELLABLE };

/** Every legal move: phase → command → the phases it may lead to. Anything not listed is a 409. */
export const TRANSITIONS: Readonly<Record<Phase, Readonly<Partial<Record<CommandType, readonly Phase[]>>>>> = {
  awaiting_response: OPEN,
  changes_proposed: OPEN,
  awaiting_creator_confirmation: {
    confirm: ['accepted'],
    'reject-confirmation': ['awaiting_response', 'changes_proposed'],
    decline: ['declined'],
    withdraw: ['withdrawn'],
    expire: ['expired'],
  },
  accepted: WORK_NOT_STARTED,
  active: WORK_NOT_STARTED,
  content_submitted: {
    submit: ['content_submitted'],
    'request-changes': ['revisions_requested'],
    'approve-part': ['active', 'content_submitted'],
    'approve-all': ['approved'],
    'deemed-approval': ['active', 'content_submitted', 'approved'],
    ...CANCELLABLE,
  },
  revisions_requested: {
    submit: ['revisions_requested', 'content_submitted'],
    'request-changes': ['revisions_requested'],
    'approve-part': ['revisions_requested'],
    'deemed-approval': ['revisions_requested'],
    ...CANCELLABLE,
  },
  approved: { complete: ['completed'], ...CANCELLABLE },
  // The work waits while the other side answers; a decline returns it to where it was.
  cancellation_requested: {
    'accept-cancellation': ['cancelled'],
    'decline-cancellation': ['accepted', 'active', 'content_submitted', 'revisions_requested', 'approved'],
  },
  completed: {},
  cancelled: {},
  declined: {},
  expired: {},
  withdrawn: {},
};

export interface OfferState {
  status: OfferStatus;
  workStatus: WorkStatus | null;
  currentVersion: number;
  currentAuthor: Side;
  /** When the offer lapses unless answered. */
  respondBy: Date | null;
  /** While a cancellation waits: the side that asked (the other side answers). */
  cancellationRequestedBy?: Side | null;
}

export type OfferEventKind =
  | 'proposed'
  | 'accepted'
  | 'confirmation-requested'
  | 'confirmation-rejected'
  | 'declined'
  | 'withdrawn'
  | 'expired'
  | 'submitted'
  | 'changes-requested'
  | 'approved'
  | 'completed'
  | 'cancellation-requested'
  | 'cancellation-declined'
  | 'cancelled';

export interface OfferTransition {
  status: OfferStatus;
  workStatus: WorkStatus | null;
  currentVersion: number;
  currentAuthor: Side;
  /** The phase after the command. */
  phase: Phase;
  event: OfferEventKind;
}

/** Still undecided: open to proposals and answers, or waiting for the creator to confirm their agency's accept. */
export function isUndecided(status: OfferStatus): boolean {
  return status === 'awaiting_response' || status === 'changes_proposed' || status === 'awaiting_creator_confirmation';
}

/** The phase an offer is in; accepted work nothing of which is approved yet is `accepted`. */
export function phaseOf(state: Pick<OfferState, 'status' | 'workStatus'>): Phase {
  return lifecycleStatusOf(state.status, state.workStatus);
}

/** "No answer after respondBy": the one place that says an undecided offer has lapsed. */
export function hasLapsed(state: Pick<OfferState, 'status' | 'respondBy'>, now: Date): boolean {
  return isUndecided(state.status) && state.respondBy !== null && now.getTime() >= state.respondBy.getTime();
}

/** The phase as of `now`: an undecided offer past `respondBy` is expired before any sweep records it. */
export function effectivePhase(state: OfferState, now: Date): Phase {
  return hasLapsed(state, now) ? 'expired' : phaseOf(state);
}

/** 409 naming the phase the offer is in (the one a racing command won), so a client can reload and decide. */
export class IllegalTransitionError extends AppError {
  constructor(
    readonly current: Phase,
    readonly command: CommandType,
  ) {
    super('conflict', 'Offer state conflict', `The offer is ${current}; ${command} is not possible`);
  }
}

export function staleVersion(current: number, field: string): AppError {
  return new AppError('conflict', 'Offer state conflict', `the current version is ${current}; reload and retry on it`, [{ path: field, message: `Current version is ${current}` }]);
}

function reviewCommand(c: Extract<OfferCommand, { type: 'review' }>): CommandType {
  if (c.deemed) return 'deemed-approval';
  if (!c.approved) return 'request-changes';
  return c.workStatus === 'approved' ? 'approve-all' : 'approve-part';
}

export function commandType(command: OfferCommand): CommandType {
  if (command.type === 'accept') return command.needsConfirmation ? 'request-confirmation' : 'accept';
  if (command.type === 'review') return reviewCommand(command);
  return command.type;
}

/** The phase `command` leads to from `state` (before the table is consulted). */
function target(state: OfferState, command: OfferCommand): Phase {
  switch (command.type) {
    case 'propose':
      return 'changes_proposed';
    case 'accept':
      return command.needsConfirmation ? 'awaiting_creator_confirmation' : 'accepted';
    case 'confirm':
      return 'accepted';
    case 'reject-confirmation':
      return state.currentVersion > 1 ? 'changes_proposed' : 'awaiting_response';
    case 'decline':
      return 'declined';
    case 'withdraw':
      return 'withdrawn';
    case 'expire':
      return 'expired';
    case 'submit':
      return lifecycleStatusOf('accepted', command.workStatus);
    case 'review':
      return lifecycleStatusOf('accepted', command.workStatus, command.approved);
    case 'complete':
      return 'completed';
    case 'request-cancellation':
      return 'cancellation_requested';
    case 'accept-cancellation':
      return 'cancelled';
    case 'decline-cancellation':
      return lifecycleStatusOf('accepted', state.workStatus, command.partlyApproved);
  }
}

const EVENTS: Record<CommandType, OfferEventKind> = {
  propose: 'proposed',
  accept: 'accepted',
  'request-confirmation': 'confirmation-requested',
  confirm: 'accepted',
  'reject-confirmation': 'confirmation-rejected',
  decline: 'declined',
  withdraw: 'withdrawn',
  expire: 'expired',
  submit: 'submitted',
  'request-changes': 'changes-requested',
  'approve-part': 'approved',
  'approve-all': 'approved',
  'deemed-approval': 'approved',
  complete: 'completed',
  'request-cancellation': 'cancellation-requested',
  'accept-cancellation': 'cancelled',
  'decline-cancellation': 'cancellation-declined',
};

/**
 * Offer and work status of a phase (`accepted` and `active` are both accepted work in progress).
 * A cancellation keeps the work status it interrupted: a decline returns to it, and a cancelled
 * offer still says how far the work had come.
 */
function statusesOf(phase: Phase, workStatus: WorkStatus | null): Pick<OfferState, 'status' | 'workStatus'> {
  switch (phase) {
    case 'cancellation_requested':
    case 'cancelled':
      return { status: phase, workStatus };
    case 'awaiting_response':
    case 'changes_proposed':
    case 'awaiting_creator_confirmation':
    case 'declined':
    case 'withdrawn':
    case 'expired':
      return { status: phase, workStatus: null };
    case 'accepted':
      return { status: 'accepted', workStatus: 'active' };
    default:
      return { status: 'accepted', workStatus: phase };
  }
}

/** Whether the contract's work is under way (drafts are submitted and reviewed only then). */
export function assertWorkInProgress(state: OfferState, now: Date): void {
  const current = effectivePhase(state, now);
  if (!TRANSITIONS[current].submit && !TRANSITIONS[current].complete) throw new IllegalTransitionError(current, 'submit');
}

export function transition(state: OfferState, command: OfferCommand, now: Date): OfferTransition {
  const type = commandType(command);
  const current = effectivePhase(state, now);
  if (type === 'expire') {
    // Only an undecided offer whose time has come expires, and only once.
    if (current !== 'expired' || !isUndecided(state.status)) throw new IllegalTransitionError(phaseOf(state), type);
  } else {
    if (command.type === 'complete' && !command.everyDeliverableApproved && TRANSITIONS[current].submit) {
      throw new AppError('unprocessable', 'Deliverables not approved', 'every deliverable of the contract must be approved before the offer is completed');
    }
    const allowed = TRANSITIONS[current][type];
    const next = target(state, command);
    if (!allowed) throw new IllegalTransitionError(current, type);
    if (!allowed.includes(next)) throw new Error(`offer lifecycle: ${type} from ${current} cannot lead to ${next}`);
  }
  let { currentVersion, currentAuthor } = state;
  if (command.type === 'propose') {
    if (command.baseVersion !== state.currentVersion) throw staleVersion(state.currentVersion, 'baseVersion');
    currentVersion += 1;
    currentAuthor = command.side;
  }
  if (command.type === 'accept-cancellation' || command.type === 'decline-cancellation') {
    if (command.side === state.cancellationRequestedBy) {
      throw new AppError('unprocessable', 'Own cancellation request', `the ${command.side} side asked for this cancellation; the other side answers it`);
    }
  }
  if (command.type === 'accept') {
    if (command.version !== state.currentVersion) throw staleVersion(state.currentVersion, 'version');
    if (command.side === state.currentAuthor) {
      throw new AppError('unprocessable', 'Own proposal', `the ${command.side} side authored version ${state.currentVersion}; the other side accepts it`);
    }
  }
  const phase = target(state, command);
  return { ...statusesOf(phase, state.workStatus), currentVersion, currentAuthor, phase, event: EVENTS[type] };
}

/** Every edge of the table, in table order. */
export function lifecycleEdges(): { from: Phase; command: CommandType; to: Phase }[] {
  return Object.entries(TRANSITIONS).flatMap(([from, commands]) =>
    Object.entries(commands).flatMap(([command, targets]) => targets!.map((to) => ({ from: from as Phase, command: command as CommandType, to }))),
  );
}

/** The lifecycle as a Mermaid state diagram, drawn from `TRANSITIONS` (docs/offer-lifecycle.md holds a copy a test compares). */
export function lifecycleMermaid(): string {
  const finals = (Object.keys(TRANSITIONS) as Phase[]).filter((p) => Object.keys(TRANSITIONS[p]).length === 0);
  const merged = new Map<string, string[]>();
  for (const e of lifecycleEdges()) {
    const key = `${e.from} --> ${e.to}`;
    merged.set(key, [...(merged.get(key) ?? []), e.command]);
  }
  return [
    'stateDiagram-v2',
    '    [*] --> awaiting_response: open',
    ...[...merged].map(([edge, commands]) => `    ${edge}: ${commands.join(', ')}`),
    ...finals.map((p) => `    ${p} --> [*]`),
  ].join('\n');
}

import { AppError } from '#libs/contracts';
import { nextAttemptAt, retryWindowEnd, type RetryPolicy } from './retry-schedule.rules.js';

/**
 * One webhook delivery: one event for one endpoint, sent under one `webhook-id` however many
 * times it is tried. `pending` waits for `nextAttemptAt`; each attempt either succeeds (a 2xx)
 * or fails and is scheduled again by the retry schedule until its window closes (`failed`).
 * A manual retry or a test ping gets exactly one attempt (`retryUntil` = now): the person who
 * asked sees its outcome at once instead of a new day of retries.
 */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryState {
  status: DeliveryStatus;
  attempts: number;
  /** Due time of the next attempt; null once the delivery is over. */
  nextAttemptAt: Date | null;
  /** No attempt is scheduled after this; set by the first attempt (or a manual retry). */
  retryUntil: Date | null;
  /** A person asked for the next attempt (test ping, manual retry): it is made even while the endpoint is disabled. */
  manual: boolean;
}

/** What one attempt came to: the receiver's HTTP status, or the reason no status came back. */
export type AttemptOutcome = { status: number; error: null } | { status: null; error: string };

export type DeliveryCommand =
  | { type: 'attempted'; outcome: AttemptOutcome; now: Date; policy: RetryPolicy; random: () => number }
  | { type: 'retry'; now: Date };

/** Standard Webhooks: any 2xx is a success; everything else, redirects included, is a failure. */
export function isSuccess(outcome: AttemptOutcome): boolean {
  return outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
}

/** A new delivery, due at once. */
export function newDelivery(now: Date, manual = false): DeliveryState {
  return { status: 'pending', attempts: 0, nextAttemptAt: now, retryUntil: manual ? now : null, manual };
}

export function transition(state: DeliveryState, command: DeliveryCommand): DeliveryState {
  switch (command.type) {
    case 'attempted': {
      if (state.status !== 'pending') throw new AppError('conflict', 'Delivery state conflict', `The delivery is ${state.status}; it is not being attempted`);
      const attempts = state.attempts + 1;
      const retryUntil = state.retryUntil ?? retryWindowEnd(command.now, command.policy);
      if (isSuccess(command.outcome)) return { ...state, status: 'succeeded', attempts, nextAttemptAt: null, retryUntil, manual: false };
      const next = nextAttemptAt(retryUntil, attempts, command.now, command.policy, command.random);
      return next ? { ...state, attempts, nextAttemptAt: next, retryUntil, manual: false } : { ...state, status: 'failed', attempts, nextAttemptAt: null, retryUntil, manual: false };
    }
    case 'retry':
      // A pending delivery keeps its schedule's window and is simply brought forward.
      if (state.status === 'pending') return { ...state, nextAttemptAt: command.now, manual: true };
      return { ...state, status: 'pending', nextAttemptAt: command.now, retryUntil: command.now, manual: true };
  }
}

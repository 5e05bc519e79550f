/**
 * When a failed webhook delivery is tried again. The delay doubles from `firstDelayMs` up to
 * `maxDelayMs`, each drawn with ±`jitter` so endpoints that failed together do not all come
 * back in the same second. Retries go on until `windowMs` (24 h) after the first attempt, and
 * the last one lands on the window's end, so a receiver that is down for up to a day still
 * gets every event (Standard Webhooks asks for retries "over a period of time", ours is at
 * least 24 h), all under the delivery's one `webhook-id`.
 */
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
  /** Fraction of the delay drawn at random either way (0.2 → 80 %..120 %). */
  jitter: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** 30 s, 1 min, 2 min, … capped at 4 h, for 24 h: about 14 attempts. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { firstDelayMs: 30_000, maxDelayMs: 4 * HOUR, windowMs: 24 * HOUR, jitter: 0.2 };

/** The delay before attempt `attempts + 1`, after `attempts` failed ones (1 or more). `random` is in [0, 1). */
export function backoffMs(attempts: number, policy: RetryPolicy, random: () => number): number {
  const base = Math.min(policy.firstDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
  return Math.round(base * (1 - policy.jitter + 2 * policy.jitter * random()));
}

/** Retries end this long after the first attempt. */
export function retryWindowEnd(firstAttemptAt: Date, policy: RetryPolicy): Date {
  return new Date(firstAttemptAt.getTime() + policy.windowMs);
}

/**
 * When to try again after the `attempts`-th attempt failed at `now`, for a delivery whose
 * retries end at `retryUntil`; null when that time has come and the delivery has failed.
 */
export function nextAttemptAt(retryUntil: Date, attempts: number, now: Date, policy: RetryPolicy, random: () => number): Date | null {
  if (now.getTime() >= retryUntil.getTime()) return null;
  return new Date(Math.min(now.getTime() + backoffMs(attempts, policy, random), retryUntil.getTime()));
}

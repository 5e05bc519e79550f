export interface BackoffOptions {
  /** Delay before the second attempt. */
  baseMs: number;
  /** Ceiling: a long outage must not push retries out to hours. */
  maxMs: number;
  /**
   * Fraction of the delay that is randomised (0..1), so replicas that failed together do not
   * retry in lockstep. Default 0.2.
   */
  jitter?: number;
}

/**
 * Exponential backoff: `attempt` 1 waits about `baseMs`, each further attempt doubles it, capped at
 * `maxMs`. `random` is injectable so the curve can be tested exactly.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^(n-1) overflows to Infinity for huge n, which Math.min handles.
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** (n - 1));
  const jitter = Math.min(1, Math.max(0, opts.jitter ?? 0.2));
  return Math.round(ceiling * (1 - jitter * random()));
}

/** A wait of `ms` that `wake()` ends at once: a loop sleeping between attempts stops without waiting it out. */
export function wakeableWait(ms: number): { done: Promise<void>; wake: () => void } {
  let wake: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      resolve();
    }
    wake = finish;
  });
  return { done, wake };
}

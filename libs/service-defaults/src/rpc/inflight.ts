/**
 * Counts NATS requests being handled, so shutdown can wait exactly as long as the work
 * in flight needs instead of sleeping a fixed grace period.
 */
export class InflightRequests {
  private count = 0;
  private waiters: (() => void)[] = [];

  begin() {
    this.count += 1;
  }

  end() {
    this.count -= 1;
    if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  get size() {
    return this.count;
  }

  /** Resolves true when nothing is in flight, false if `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

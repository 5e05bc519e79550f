import { rateLimitedError } from '#libs/contracts';

/**
 * Fixed-window counters kept in this gateway's memory, for public reads that need no database
 * write to be throttled (shared reports): each replica counts its own, so a deployment of N
 * gateways lets through at most N × `max` per window from one address. Windows that ended are
 * dropped as they are met, and at most `maxKeys` addresses are tracked at once.
 */
export class RateWindow {
  private readonly hits = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts a hit for `key`; throws a 429 naming the wait once the window holds more than `max`. */
  hit(key: string): void {
    const at = this.now();
    let entry = this.hits.get(key);
    if (!entry || entry.endsAt <= at) {
      if (!entry && this.hits.size >= this.maxKeys) this.prune(at);
      entry = { count: 0, endsAt: at + this.windowMs };
      this.hits.set(key, entry);
    }
    entry.count += 1;
    if (entry.count > this.max) throw rateLimitedError(Math.ceil((entry.endsAt - at) / 1000));
  }

  private prune(at: number): void {
    for (const [key, entry] of this.hits) if (entry.endsAt <= at) this.hits.delete(key);
    // Still full of live windows: forget the oldest rather than grow without bound.
    if (this.hits.size >= this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
  }
}

import { drainInBatches, PeriodicTask } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';

/**
 * A sweep of what time has decided (offers past respondBy, drafts past their review window):
 * on a timer as of the wall clock, or once as of the clock a test injects. Each run takes
 * batches until one comes back short; every replica sweeps, SKIP LOCKED keeps them apart.
 */
export abstract class ClockedSweeper extends PeriodicTask {
  constructor(
    name: string,
    everyMs: number,
    private readonly step: (now: Date) => Promise<number>,
    private readonly batch: number,
    logger: Logger,
  ) {
    super(name, everyMs, (active) => drainInBatches(() => step(new Date()), batch, active).then(() => undefined), logger);
  }

  /** One sweep as of `now`; returns how many it settled. */
  sweep(now: Date): Promise<number> {
    return drainInBatches(() => this.step(now), this.batch, () => true);
  }
}

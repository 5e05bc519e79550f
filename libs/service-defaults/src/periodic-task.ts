import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Logger } from '#libs/observability';

/**
 * A background job every replica runs on a timer (sweeps, pruning): runs never overlap, a
 * failure is logged and retried at the next tick, and `stop()` waits for the run in progress
 * so shutdown does not cut a transaction in half. The timer does not keep the process alive.
 * A Nest provider extends it and passes its job to `super`: it starts with the module and
 * stops with the application.
 */
export class PeriodicTask implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly task: (active: () => boolean) => Promise<void>,
    private readonly logger: Logger,
    /** Also run once as soon as the task starts, for a job whose results are wanted before the first tick. */
    private readonly options: { runAtStart?: boolean } = {},
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.run(), this.everyMs);
    this.timer.unref();
    if (this.options.runAtStart) void this.run();
  }

  /** One run now (or the one already in progress). */
  run(): Promise<void> {
    this.running ??= this.task(() => this.timer !== undefined)
      .catch((err: unknown) => this.logger.warn({ err, task: this.name }, `${this.name} failed; will retry`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  onModuleInit(): void {
    this.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/**
 * Runs `step` (which handles at most `batchSize` items and says how many it did) until a batch
 * comes back short or the task stops being active; returns the total. A sweep that finds more
 * due work than one batch finishes it in the same run instead of waiting for the next tick.
 */
export async function drainInBatches(step: () => Promise<number>, batchSize: number, active: () => boolean): Promise<number> {
  let total = 0;
  let n: number;
  do {
    n = await step();
    total += n;
  } while (n === batchSize && active());
  return total;
}

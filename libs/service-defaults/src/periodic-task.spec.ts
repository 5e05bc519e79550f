import { drainInBatches, PeriodicTask } from './periodic-task.js';

describe('drainInBatches', () => {
  it('keeps taking full batches until one comes back short, and counts them all', async () => {
    const batches = [3, 3, 1, 3];
    let calls = 0;
    const total = await drainInBatches(async () => batches[calls++]!, 3, () => true);
    expect(total).toBe(7);
    expect(calls).toBe(3);
  });

  it('stops after the batch in progress once the task is no longer active', async () => {
    let calls = 0;
    const total = await drainInBatches(async () => (calls++, 3), 3, () => calls < 2);
    expect(total).toBe(6);
    expect(calls).toBe(2);
  });
});

describe('PeriodicTask', () => {
  const logger = { warn: () => undefined } as never;

  it('runs once at start when asked to, and not otherwise, before the first tick', async () => {
    let eager = 0;
    let lazy = 0;
    const eagerTask = new PeriodicTask('eager', 60_000, async () => void eager++, logger, { runAtStart: true });
    const lazyTask = new PeriodicTask('lazy', 60_000, async () => void lazy++, logger);
    eagerTask.start();
    lazyTask.start();
    await Promise.all([eagerTask.stop(), lazyTask.stop()]);
    expect(eager).toBe(1);
    expect(lazy).toBe(0);
  });

  it('joins a run in progress instead of overlapping it, and keeps going after a failure', async () => {
    let runs = 0;
    let release!: () => void;
    const task = new PeriodicTask('joined', 60_000, () => (runs++ === 0 ? new Promise<void>((r) => (release = r)) : Promise.reject(new Error('boom'))), logger);
    const first = task.run();
    const second = task.run();
    release();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
    await expect(task.run()).resolves.toBeUndefined();
    expect(runs).toBe(2);
  });
});

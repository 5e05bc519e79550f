import { drainInBatches } from './periodic-task.js';

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

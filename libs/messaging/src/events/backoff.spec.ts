import { backoffDelay, wakeableWait } from './backoff.js';

describe('backoffDelay', () => {
  const noJitter = { baseMs: 100, maxMs: 1000, jitter: 0 };

  it('doubles from baseMs per attempt and stops at maxMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, noJitter))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('treats attempt 0 or less like the first attempt and survives huge attempt counts', () => {
    expect(backoffDelay(0, noJitter)).toBe(100);
    expect(backoffDelay(-3, noJitter)).toBe(100);
    expect(backoffDelay(10_000, noJitter)).toBe(1000);
  });

  it('takes away at most the jitter fraction, never adds to the delay', () => {
    const opts = { baseMs: 1000, maxMs: 10_000, jitter: 0.5 };
    expect(backoffDelay(1, opts, () => 0)).toBe(1000);
    expect(backoffDelay(1, opts, () => 0.999999)).toBe(500);
    expect(backoffDelay(1, opts, () => 0.5)).toBe(750);
  });

  it('jitters by 20% by default', () => {
    expect(backoffDelay(1, { baseMs: 1000, maxMs: 10_000 }, () => 1)).toBe(800);
  });
});

describe('wakeableWait', () => {
  it('ends after its time, or at once when woken', async () => {
    await expect(wakeableWait(30).done).resolves.toBeUndefined();
    // A minute: only the wake can end it within the test's timeout.
    const long = wakeableWait(60_000);
    let ended = false;
    void long.done.then(() => (ended = true));
    long.wake();
    await long.done;
    expect(ended).toBe(true);
  });
});

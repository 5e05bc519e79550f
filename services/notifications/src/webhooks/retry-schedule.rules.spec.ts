import { backoffMs, DEFAULT_RETRY_POLICY as policy, nextAttemptAt, retryWindowEnd } from './retry-schedule.rules.js';

const HOUR = 3_600_000;
const t0 = new Date('2026-12-01T00:00:00Z');
const middle = () => 0.5;

/** The attempt times of a delivery that always fails, with the given jitter draw. */
function failingRun(random: () => number): Date[] {
  const until = retryWindowEnd(t0, policy);
  const times = [t0];
  for (let next = nextAttemptAt(until, 1, t0, policy, random); next; next = nextAttemptAt(until, times.length, times.at(-1)!, policy, random)) times.push(next);
  return times;
}

describe('retry schedule', () => {
  it('doubles from 30 s up to the 4 h cap', () => {
    expect([1, 2, 3, 4, 10, 20].map((n) => backoffMs(n, policy, middle))).toEqual([30_000, 60_000, 120_000, 240_000, 4 * HOUR, 4 * HOUR]);
  });

  it('jitters each delay by at most ±20 %', () => {
    expect(backoffMs(3, policy, () => 0)).toBe(96_000);
    expect(backoffMs(3, policy, () => 0.999_999)).toBe(144_000);
  });

  it.each([
    ['the shortest', () => 0],
    ['the middle', middle],
    ['the longest', () => 0.999_999],
  ])('keeps retrying for 24 h with %s delays, the last attempt at the end of the window', (_name, random) => {
    const times = failingRun(random);
    expect(times.at(-1)!.getTime() - t0.getTime()).toBe(24 * HOUR);
    expect(times.length).toBeGreaterThanOrEqual(12);
    expect(times.length).toBeLessThanOrEqual(20);
    for (let i = 1; i < times.length; i++) expect(times[i]!.getTime()).toBeGreaterThan(times[i - 1]!.getTime());
  });

  it('stops once the window has closed', () => {
    const until = retryWindowEnd(t0, policy);
    expect(nextAttemptAt(until, 14, until, policy, middle)).toBeNull();
    expect(nextAttemptAt(until, 14, new Date(until.getTime() + 1), policy, middle)).toBeNull();
  });
});

import { DEFAULT_RETRY_POLICY as policy } from './retry-schedule.rules.js';
import { newDelivery, transition, type AttemptOutcome, type DeliveryState } from './delivery.state-machine.js';

const t0 = new Date('2026-12-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const attempted = (state: DeliveryState, outcome: AttemptOutcome, now: Date) => transition(state, { type: 'attempted', outcome, now, policy, random: () => 0.5 });
const status = (code: number): AttemptOutcome => ({ status: code, error: null });

describe('delivery state machine', () => {
  it('succeeds on any 2xx', () => {
    for (const code of [200, 202, 204, 299]) expect(attempted(newDelivery(t0), status(code), t0)).toMatchObject({ status: 'succeeded', attempts: 1, nextAttemptAt: null });
  });

  it.each([[status(500)], [status(301)], [status(404)], [{ status: null, error: 'timeout' }]])('schedules a retry after %j', (outcome) => {
    const after = attempted(newDelivery(t0), outcome as AttemptOutcome, t0);
    expect(after).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: at(30_000), retryUntil: at(24 * 3_600_000) });
  });

  it('a 500 then a 200: two attempts, one delivery', () => {
    const failed = attempted(newDelivery(t0), status(500), t0);
    expect(attempted(failed, status(200), failed.nextAttemptAt!)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('fails once the window has closed', () => {
    const late: DeliveryState = { status: 'pending', attempts: 13, nextAttemptAt: at(24 * 3_600_000), retryUntil: at(24 * 3_600_000), manual: false };
    expect(attempted(late, status(503), at(24 * 3_600_000))).toMatchObject({ status: 'failed', attempts: 14, nextAttemptAt: null });
  });

  it('a manual retry of a finished delivery gets exactly one attempt', () => {
    const failed: DeliveryState = { status: 'failed', attempts: 14, nextAttemptAt: null, retryUntil: at(24 * 3_600_000), manual: false };
    const retried = transition(failed, { type: 'retry', now: at(30 * 3_600_000) });
    expect(retried).toMatchObject({ status: 'pending', nextAttemptAt: at(30 * 3_600_000), manual: true });
    expect(attempted(retried, status(500), at(30 * 3_600_000))).toMatchObject({ status: 'failed', attempts: 15, manual: false });
  });

  it('a manual retry of a pending delivery brings it forward and keeps its window', () => {
    const waiting = attempted(newDelivery(t0), status(500), t0);
    const retried = transition(waiting, { type: 'retry', now: at(5_000) });
    expect(retried).toMatchObject({ status: 'pending', nextAttemptAt: at(5_000), retryUntil: waiting.retryUntil, manual: true });
    expect(attempted(retried, status(500), at(5_000))).toMatchObject({ status: 'pending', manual: false });
  });

  it('a test ping is one attempt', () => {
    expect(attempted(newDelivery(t0, true), status(500), t0)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('refuses to record an attempt of a finished delivery', () => {
    const done = attempted(newDelivery(t0), status(200), t0);
    expect(() => attempted(done, status(200), t0)).toThrow('The delivery is succeeded');
  });
});

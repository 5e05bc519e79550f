// How `npm start` brings a crashed service back.
// @ts-expect-error plain ESM JavaScript of the launcher, without type declarations
import { nextRestart, RESTART_MAX_MS, STABLE_AFTER_MS } from '../../deploy/local/restart-policy.mjs';

type State = { crashes: number };
const crashLoop = (times: number, uptimeMs: number) => {
  let state: State = { crashes: 0 };
  const delays: number[] = [];
  for (let i = 0; i < times; i++) {
    const next = nextRestart(state, uptimeMs);
    delays.push(next.delayMs);
    state = next.state;
  }
  return { delays, state };
};

describe('npm start restarts a crashed service', () => {
  it('restarts at once after a first crash', () => {
    expect(nextRestart({ crashes: 0 }, 5 * 60_000)).toEqual({ delayMs: 0, state: { crashes: 1 } });
  });

  it('backs off exponentially while it keeps crashing soon after start, up to a cap', () => {
    const { delays, state } = crashLoop(9, 200);
    expect(delays).toEqual([0, 1_000, 2_000, 4_000, 8_000, 16_000, RESTART_MAX_MS, RESTART_MAX_MS, RESTART_MAX_MS]);
    expect(state.crashes).toBe(9);
  });

  it('forgets earlier crashes once the service stayed up long enough', () => {
    expect(nextRestart({ crashes: 6 }, STABLE_AFTER_MS)).toEqual({ delayMs: 0, state: { crashes: 1 } });
    expect(nextRestart({ crashes: 6 }, STABLE_AFTER_MS - 1).delayMs).toBe(RESTART_MAX_MS);
  });
});

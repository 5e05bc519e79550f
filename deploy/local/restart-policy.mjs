// When the launcher brings a crashed service back, as a process manager would: at once the first
// time, then waiting twice as long after each crash that follows quickly (up to a cap), so a
// service that dies at start-up does not spin. A service that stayed up a while starts afresh.

/** @typedef {{ crashes: number }} RestartState */

export const RESTART_BASE_MS = 1_000;
export const RESTART_MAX_MS = 30_000;
/** Up this long, a service counts as healthy again and its next crash is treated as the first. */
export const STABLE_AFTER_MS = 60_000;

/**
 * The delay before restarting a service that just exited after running `uptimeMs`, and the state
 * to keep for its next crash.
 * @param {RestartState} state
 * @param {number} uptimeMs
 * @returns {{ delayMs: number, state: RestartState }}
 */
export function nextRestart(state, uptimeMs) {
  const crashes = uptimeMs >= STABLE_AFTER_MS ? 1 : state.crashes + 1;
  const delayMs = crashes === 1 ? 0 : Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** (crashes - 2));
  return { delayMs, state: { crashes } };
}

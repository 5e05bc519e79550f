import { isIP } from 'node:net';
import { AppError } from '#libs/contracts';
import { bareHost, refusalOf } from './address-guard.js';

/**
 * What an organization may register as a webhook endpoint, which events reach it, and when a
 * failing endpoint is switched off.
 */

/**
 * The target URL: http(s), no credentials in it (they would be stored and shown to every admin),
 * no fragment (never sent). A literal private address or `localhost` is refused here already,
 * unless `allowPrivate`; names are resolved and judged again at every attempt (`address-guard`).
 */
export function validateEndpointUrl(raw: string, allowPrivate: boolean): string {
  const refuse = (message: string) => new AppError('unprocessable', 'Webhook URL refused', message, [{ path: 'url', message }]);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('Use an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('Use an absolute http(s) URL');
  if (url.username || url.password) throw refuse('Put no credentials in the URL; verify the signature instead');
  if (url.hash) throw refuse('A URL fragment is never sent; remove it');
  if (!allowPrivate) {
    const host = bareHost(url.hostname);
    if (host === 'localhost' || host.endsWith('.localhost')) throw refuse('localhost is not reachable as a webhook target');
    const why = isIP(host) ? refusalOf(host) : undefined;
    if (why) throw refuse(`${host} is a ${why} address; webhooks go to public addresses only`);
  }
  return url.toString();
}

/** `*` (every event), `<prefix>.*` (e.g. `offer.*`), or one event type. */
export function matchesFilter(filter: readonly string[], type: string): boolean {
  return filter.some((f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))));
}

/**
 * The event filter as stored: every entry names a known type or a wildcard that matches one,
 * duplicates dropped. An empty filter would deliver nothing, so it is refused.
 */
export function validateEventFilter(events: readonly string[], catalog: readonly string[]): string[] {
  const unknown = events.map((e, i) => ({ e, i })).filter(({ e }) => !catalog.some((type) => matchesFilter([e], type)));
  if (unknown.length) {
    throw new AppError(
      'validation',
      'Invalid input',
      'unknown webhook event type',
      unknown.map(({ e, i }) => ({ path: `events.${i}`, message: `Unknown event type "${e}"; use one of ${catalog.join(', ')}, a prefix with .* or *` })),
    );
  }
  if (events.length === 0) throw new AppError('validation', 'Invalid input', 'name at least one event', [{ path: 'events', message: 'Name at least one event type (or *)' }]);
  return [...new Set(events)];
}

export interface EndpointHealth {
  consecutiveFailures: number;
  /** When the current run of failures began; null after a success. */
  failingSince: Date | null;
  disabledAt: Date | null;
}

export interface DisablePolicy {
  /** Failed attempts in a row before the endpoint is switched off… */
  afterFailures: number;
  /** …provided the run has lasted this long, so one burst of events cannot cut retries short of their 24 h. */
  afterMs: number;
}

/**
 * The endpoint after one attempt: a success ends the run (and re-enables a disabled endpoint,
 * which only a test ping or a manual retry can reach); a failure extends it, and disables the
 * endpoint once the run is both long enough and old enough. `disabledNow` is true on the one
 * attempt that switched it off, when its admins are told.
 */
export function afterAttempt(health: EndpointHealth, succeeded: boolean, now: Date, policy: DisablePolicy): EndpointHealth & { disabledNow: boolean } {
  if (succeeded) return { consecutiveFailures: 0, failingSince: null, disabledAt: null, disabledNow: false };
  const consecutiveFailures = health.consecutiveFailures + 1;
  const failingSince = health.failingSince ?? now;
  const disable = health.disabledAt === null && consecutiveFailures >= policy.afterFailures && now.getTime() - failingSince.getTime() >= policy.afterMs;
  return { consecutiveFailures, failingSince, disabledAt: disable ? now : health.disabledAt, disabledNow: disable };
}

import { AppError } from '#libs/contracts';

/**
 * Why a handler run failed, as far as the consumer must care:
 * - `infrastructure`: a dependency was away (database, NATS, a downstream service, a timeout).
 *   The event is fine; retrying later will work, so it never counts toward dead-lettering.
 * - `rejected`: the event itself is the problem (invalid payload, broken invariant, a bug the
 *   event triggers). Retried a bounded number of times, then dead-lettered.
 */
export type FailureKind = 'infrastructure' | 'rejected';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  // NATS client codes
  'CONNECTION_CLOSED',
  'CONNECTION_DRAINING',
  'CONNECTION_REFUSED',
  'CONNECTION_TIMEOUT',
  'DISCONNECT',
  'TIMEOUT',
  '503',
]);

/** SQLSTATEs that describe the server or the link, not the statement. */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith('08') || // connection exception
    code === '57P01' || // admin_shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now (starting up, in recovery)
    code === '57P05' || // idle_session_timeout
    code === '53300' || // too_many_connections
    code === '25006' || // read_only_sql_transaction: talking to a standby during failover
    code === '40001' || // serialization_failure
    code === '40P01' // deadlock_detected
  );
}

const INFRA_NAMES = new Set([
  // MikroORM's wrappers for a lost or refused connection and for lock waits
  'ConnectionException',
  'LockWaitTimeoutException',
  'DeadlockException',
  // NATS and fetch/abort (the names the @nats-io v3 classes set: NoRespondersError's is
  // `NoResponders`; a JetStream request nobody answers, as while the servers restart, is
  // `JetStreamNotEnabled`)
  'TimeoutError',
  'ClosedConnectionError',
  'DrainingConnectionError',
  'NoResponders',
  'JetStreamNotEnabled',
  'ConnectionError',
  'AbortError',
]);

const INFRA_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:timed out|timeout|refused|reset|closed|ended|lost)/i,
  /server closed the connection unexpectedly/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /socket hang up/i,
];

/** AppError codes that say "not now" rather than "never". */
const TRANSIENT_APP_CODES = new Set(['unavailable', 'timeout']);

function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<unknown>();
  const queue = [err];
  while (queue.length && out.length < 20) {
    const e = queue.shift();
    if (e === null || e === undefined || seen.has(e)) continue;
    seen.add(e);
    out.push(e);
    if (typeof e !== 'object') continue;
    const o = e as { cause?: unknown; errors?: unknown[]; original?: unknown; previous?: unknown };
    queue.push(o.cause, o.original, o.previous);
    if (Array.isArray(o.errors)) queue.push(...o.errors);
  }
  return out;
}

/**
 * Classifies a handler failure (a pure function of the error and its causes). A typed domain
 * error decides first: an `AppError` is a rejection unless its code says "try later".
 */
export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof AppError) return TRANSIENT_APP_CODES.has(err.code) ? 'infrastructure' : 'rejected';
  for (const e of causes(err)) {
    if (e instanceof AppError) return TRANSIENT_APP_CODES.has(e.code) ? 'infrastructure' : 'rejected';
    if (typeof e !== 'object') continue;
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    const codeText = typeof code === 'string' || typeof code === 'number' ? String(code) : '';
    if (NETWORK_CODES.has(codeText) || (/^[0-9A-Z]{5}$/.test(codeText) && isTransientSqlState(codeText))) {
      return 'infrastructure';
    }
    if (typeof name === 'string' && INFRA_NAMES.has(name)) return 'infrastructure';
    if (typeof message === 'string' && INFRA_MESSAGES.some((re) => re.test(message))) return 'infrastructure';
  }
  return 'rejected';
}

/** How long a caller is told to wait after a dependency was away: reconnects take a few seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * The 503 a request gets when it failed because a dependency (database, NATS, a downstream
 * service) was away, or undefined when the failure is something else. A client may retry
 * such a request; a 500 would tell it the request itself broke the service.
 */
export function unavailableError(err: unknown): AppError | undefined {
  if (err instanceof AppError || classifyFailure(err) !== 'infrastructure') return undefined;
  return new AppError('unavailable', 'Service unavailable', 'A dependency of this service is unreachable; try again shortly', undefined, {
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
  });
}

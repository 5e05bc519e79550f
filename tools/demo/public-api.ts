import { randomUUID } from 'node:crypto';

export interface Answer<T> {
  status: number;
  body: T;
}

export interface PublicApiOptions {
  /** Statuses that mean "busy, try again after Retry-After". */
  retryOn: readonly number[];
  /** Attempts in all, the first included. */
  attempts: number;
  /** The longest Retry-After honoured, in seconds. */
  maxWaitSeconds: number;
  /** Deadline of one attempt. */
  timeoutMs?: number;
}

/**
 * One call to the gateway's public API as a well-behaved client makes it: JSON in and out, a
 * busy answer retried after its Retry-After with the same Idempotency-Key, so a write whose
 * first answer was lost lands once.
 */
export function publicApiCall(base: string, opts: PublicApiOptions) {
  // Kept as a prefix, so a gateway behind a path (https://host/talent) works too.
  const root = base.replace(/\/+$/, '');
  return async function call<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<Answer<T>> {
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${root}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(method !== 'GET' ? { 'idempotency-key': key } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined,
      });
      const text = await res.text();
      if (opts.retryOn.includes(res.status) && attempt < opts.attempts) {
        const seconds = Math.min(Number(res.headers.get('retry-after')) || 1, opts.maxWaitSeconds);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    }
  };
}

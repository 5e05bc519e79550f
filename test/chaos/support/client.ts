import { randomUUID } from 'node:crypto';

export interface Answer<T = any> {
  status: number;
  body: T;
  /** Every attempt's status (0: no answer) and gateway, first to last. */
  trail?: string[];
}

/** One HTTP answer (or a failure to get one) as the client saw it, for the report. */
export interface Observation {
  at: number;
  method: string;
  route: string;
  /** HTTP status, or 0 when no answer came (connection refused or reset, deadline passed). */
  status: number;
  retryAfter: boolean;
}

export interface Caller {
  token?: string;
  apiKey?: string;
}

export interface ChaosClientOptions {
  /** Gateways to spread calls over; read on every attempt, so a killed one drops out. */
  gateways: () => string[];
  /** Deadline of one attempt. */
  attemptTimeoutMs?: number;
  /** How long one write may keep being retried before the workload gives up on it. */
  giveUpAfterMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A retry while the first attempt with the key still runs (its gateway may have died holding the lease). */
const inProgress = (a: Answer) => a.status === 409 && a.body?.title === 'Request in progress';

/**
 * The public API as a careful client uses it under faults: every write carries an
 * Idempotency-Key and is retried with the same key after a 503 (waiting its Retry-After), a
 * lost answer or a refused connection, on whichever gateway is up. Every answer is recorded.
 */
export class ChaosClient {
  readonly observations: Observation[] = [];
  private next = 0;

  constructor(private readonly opts: ChaosClientOptions) {}

  newKey(): string {
    return randomUUID();
  }

  async call<T = any>(method: string, path: string, body?: unknown, caller: Caller = {}, key = method === 'GET' ? undefined : this.newKey()): Promise<Answer<T>> {
    const route = path.split('?')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id');
    const giveUpAt = Date.now() + (this.opts.giveUpAfterMs ?? 120_000);
    const trail: string[] = [];
    for (let attempt = 1; ; attempt++) {
      const gateways = this.opts.gateways();
      const base = gateways[this.next++ % Math.max(gateways.length, 1)];
      let answer: Answer<T> | undefined;
      let retryAfter: string | null = null;
      if (base) {
        try {
          const res = await fetch(`${base}${path}`, {
            method,
            headers: {
              ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
              ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
              ...(caller.apiKey ? { 'x-api-key': caller.apiKey } : {}),
              ...(key ? { 'idempotency-key': key } : {}),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(this.opts.attemptTimeoutMs ?? 15_000),
          });
          const text = await res.text();
          retryAfter = res.headers.get('retry-after');
          answer = { status: res.status, body: (text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text) as T };
        } catch {
          answer = undefined;
        }
      }
      this.observations.push({ at: Date.now(), method, route, status: answer?.status ?? 0, retryAfter: retryAfter !== null });
      trail.push(`${answer?.status ?? 0}@${base?.split(':').at(-1) ?? '-'}`);
      const again = !answer || answer.status === 503 || inProgress(answer);
      if (!again || Date.now() > giveUpAt) return { ...(answer ?? { status: 0, body: undefined as T }), trail };
      const wait = answer?.status === 503 ? Math.min(Number(retryAfter) || 1, 2) * 1000 : Math.min(100 * attempt, 1000);
      await sleep(wait);
    }
  }

  /**
   * Repeats a call while the platform has not yet heard of what it needs (`notYet` statuses:
   * a sign-up, grant or offer reaches each service through events). Writes keep their key.
   */
  async eventually<T = any>(want: number, notYet: number[], method: string, path: string, body?: unknown, caller?: Caller, timeoutMs = 60_000): Promise<Answer<T>> {
    const key = method === 'GET' ? undefined : this.newKey();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await this.call<T>(method, path, body, caller, key);
      if (answer.status === want || !notYet.includes(answer.status) || Date.now() > deadline) return answer;
      await sleep(200);
    }
  }
}

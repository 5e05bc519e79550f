import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths, components } from './schema';

/** RFC 9457 problem details as the gateway renders them. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  traceId?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status() {
    return this.problem.status;
  }
  /** Field errors keyed by their dotted path (`price.amount`), for messages next to inputs. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.path, e.message]));
  }
}

/** The caller may not see this (another tenant's, or not shared with them): a part of a page to leave out, not an outage. */
export const notShared = (error: unknown) => error instanceof ApiError && (error.status === 403 || error.status === 404);

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const STORAGE_KEY = 'tp.session';

/**
 * Tokens live in sessionStorage: a reload keeps the session, a closed tab ends it, and no
 * cookie is sent with requests (so no CSRF surface on the API).
 */
export const tokenStore = {
  get(): Tokens | null {
    try {
      return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Tokens | null;
    } catch {
      return null;
    }
  },
  set(tokens: Tokens | null) {
    if (tokens) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    else sessionStorage.removeItem(STORAGE_KEY);
    for (const listener of listeners) listener(tokens);
  },
};
const listeners = new Set<(tokens: Tokens | null) => void>();
export const onTokens = (listener: (tokens: Tokens | null) => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

export const api = createClient<paths>({ baseUrl: '' });

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time: concurrent 401s wait for the same rotation (a spent token revokes the family). */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = tokenStore.get();
    if (!current) return false;
    const res = await fetch('/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (!res.ok) {
      tokenStore.set(null);
      return false;
    }
    const body = (await res.json()) as Tokens;
    tokenStore.set({ accessToken: body.accessToken, refreshToken: body.refreshToken });
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const pending = new Map<string, Request>();
const NO_AUTH = new Set(['/v1/auth/login', '/v1/auth/signup', '/v1/auth/refresh']);

/**
 * Bearer token on every call; a 401 refreshes the session once and replays the request, so an
 * expired access token never costs the user the page they are on. Each write carries an
 * Idempotency-Key, so the replay cannot apply twice.
 */
const auth: Middleware = {
  onRequest({ request, schemaPath, id }) {
    if (NO_AUTH.has(schemaPath)) return request;
    const tokens = tokenStore.get();
    if (tokens) request.headers.set('authorization', `Bearer ${tokens.accessToken}`);
    if (request.method !== 'GET' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', crypto.randomUUID());
    pending.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id, schemaPath }) {
    const original = pending.get(id);
    pending.delete(id);
    if (response.status !== 401 || !original || NO_AUTH.has(schemaPath)) return response;
    if (!(await refreshSession())) return response;
    const retry = new Request(original);
    retry.headers.set('authorization', `Bearer ${tokenStore.get()!.accessToken}`);
    return fetch(retry);
  },
};
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const problem = (error && typeof error === 'object' ? error : {}) as Partial<Problem>;
    throw new ApiError({ ...problem, status: problem.status ?? response.status, title: problem.title ?? response.statusText });
  }
  return data as T;
}

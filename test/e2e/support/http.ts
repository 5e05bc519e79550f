import type { ProblemDetails } from '#libs/contracts';

/** What the gateway's public API promises, as a client sees it (docs/api-conventions.md): every problem names its trace. */
export type Problem = ProblemDetails & { traceId: string };

export interface ServiceHealth {
  name: string;
  status: 'up' | 'down';
  latencyMs: number;
}

export interface SystemHealth {
  status: 'up' | 'down';
  services: ServiceHealth[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as JSON (`content-type: application/json`). */
  json?: unknown;
  /** Sent as is; `content-type` defaults to `application/json` unless given in `headers`. */
  rawBody?: string;
  timeoutMs?: number;
}

export interface GatewayResponse<T> {
  status: number;
  headers: Headers;
  /** `content-type` without parameters, e.g. `application/problem+json`. */
  contentType: string;
  /** Parsed JSON when the response is JSON (including problem+json), else the text. */
  body: T;
  text: string;
}

/** One HTTP call to a gateway with the global `fetch`, the body read and parsed. */
export async function request<T = unknown>(
  baseUrl: string,
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<GatewayResponse<T>> {
  const headers = new Headers(options.headers);
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', 'application/json');
  } else if (options.rawBody !== undefined) {
    body = options.rawBody;
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const isJson = contentType === 'application/json' || contentType.endsWith('+json');
  return { status: res.status, headers: res.headers, contentType, body: (isJson && text ? JSON.parse(text) : text) as T, text };
}

export interface GatewayClient {
  readonly baseUrl: string;
  get<T = unknown>(path: string, options?: Omit<RequestOptions, 'json' | 'rawBody'>): Promise<GatewayResponse<T>>;
  post<T = unknown>(path: string, options?: RequestOptions): Promise<GatewayResponse<T>>;
  request<T = unknown>(method: HttpMethod, path: string, options?: RequestOptions): Promise<GatewayResponse<T>>;
}

export function gatewayClient(baseUrl: string): GatewayClient {
  return {
    baseUrl,
    get: (path, options) => request(baseUrl, 'GET', path, options),
    post: (path, options) => request(baseUrl, 'POST', path, options),
    request: (method, path, options) => request(baseUrl, method, path, options),
  };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The parts of a W3C `traceparent` header, or undefined when it is missing or malformed. */
export function parseTraceparent(value: string | null | undefined): { traceId: string; spanId: string; flags: string } | undefined {
  const match = value ? TRACEPARENT.exec(value) : null;
  return match ? { traceId: match[1], spanId: match[2], flags: match[3] } : undefined;
}

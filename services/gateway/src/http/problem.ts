import { AppError, ERROR_CODES, type ProblemDetails } from '#libs/contracts';
import { unavailableError } from '#libs/messaging';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://talent-portal.dev/problems/';

const TITLES: Record<number, string> = {
  400: 'Invalid input',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
  504: 'Service timed out',
};

const CODE_BY_STATUS = Object.fromEntries(Object.entries(ERROR_CODES).map(([code, status]) => [status, code]));

function slug(status: number) {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}

/** Errors Fastify raises before a handler runs (parsing, limits), by their `code`. */
const FASTIFY_ERRORS: Record<string, { status: number; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, detail: 'The request body is larger than this route accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, detail: 'Send the body as application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, detail: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, detail: 'Content-Length does not match the body' },
};

/**
 * Maps anything thrown while serving a request to a problem. Only known error shapes keep
 * their message; anything else becomes a bare 500 so internals never leak to clients.
 */
export function toProblem(err: unknown, traceId?: string, instance?: string): ProblemDetails {
  const base = { ...(instance ? { instance } : {}), ...(traceId ? { traceId } : {}) };
  if (err instanceof AppError) {
    return {
      type: TYPE_BASE + err.code,
      title: err.title,
      status: err.status,
      ...(err.detail ? { detail: err.detail } : {}),
      ...(err.errors?.length ? { errors: err.errors } : {}),
      ...base,
    };
  }
  const e = err as { code?: string; statusCode?: number; status?: number; message?: string; getStatus?: () => number; getResponse?: () => unknown };
  const fastify = e?.code ? FASTIFY_ERRORS[e.code] : undefined;
  if (fastify) {
    return { type: TYPE_BASE + slug(fastify.status), title: TITLES[fastify.status], status: fastify.status, detail: fastify.detail, ...base };
  }
  if (e instanceof SyntaxError || e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e?.statusCode === 400 && /JSON/i.test(e.message ?? ''))) {
    return { type: TYPE_BASE + 'validation', title: 'Malformed JSON', status: 400, detail: 'The request body is not valid JSON', ...base };
  }
  // Nest HttpExceptions (unknown routes, etc.) and Fastify errors that carry a 4xx status.
  const status = typeof e?.getStatus === 'function' ? e.getStatus() : (e?.statusCode ?? e?.status);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { type: TYPE_BASE + slug(status), title: TITLES[status] ?? 'Bad request', status, ...(e.message ? { detail: e.message } : {}), ...base };
  }
  // NATS or a store away while the gateway itself served the request: the client may retry.
  const unavailable = unavailableError(err);
  if (unavailable) return toProblem(unavailable, traceId, instance);
  return { type: TYPE_BASE + 'internal', title: TITLES[500], status: 500, ...base };
}

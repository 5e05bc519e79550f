import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Logger, ServiceMetrics } from '#libs/observability';
import { AppError } from '#libs/contracts';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { bodyLimitFor } from './body-limits.js';
import { registerServerTiming } from './server-timing.js';
import { registerConditionalGets } from './entity-tag.js';

declare module 'fastify' {
  interface FastifyRequest {
    requestId: string;
    traceId?: string;
    /** The trace services record for this request (audit entries): one this gateway started. */
    traceOfRecord?: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const INVALID_TRACE = '0'.repeat(32);
const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/**
 * The trace this response belongs to: the server span when tracing runs; otherwise the
 * caller's trace continued (or a new one), so clients can always quote a trace id.
 */
export function responseTraceContext(incoming: string | string[] | undefined) {
  const ctx = trace.getActiveSpan()?.spanContext();
  if (ctx && ctx.traceId !== INVALID_TRACE) return { traceId: ctx.traceId, spanId: ctx.spanId, sampled: (ctx.traceFlags & 1) === 1 };
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming) : null;
  const traceId = match && match[1] !== INVALID_TRACE ? match[1] : randomBytes(16).toString('hex');
  return { traceId, spanId: randomBytes(8).toString('hex'), sampled: match ? (parseInt(match[3], 16) & 1) === 1 : true };
}

/**
 * The trace a request's records name. Without a `traceparent` from the client the trace is
 * the gateway's own. With one, the response continues the client's trace (API contract), but
 * that id is the client's claim: the gateway starts a root span of its own, linked to the
 * client's trace, and records name that span's trace instead.
 */
export function traceOfRecordFor(incoming: string | string[] | undefined, traceId: string): string {
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming) : null;
  if (!match || match[1] === INVALID_TRACE) return traceId;
  const active = trace.getActiveSpan()?.spanContext();
  const span = trace.getTracer('gateway').startSpan('gateway request of record', {
    root: true,
    links: active && isSpanContextValid(active) ? [{ context: active }] : [],
    attributes: { 'tp.client_trace_id': match[1] },
  });
  const own = span.spanContext();
  span.end();
  return isSpanContextValid(own) ? own.traceId : randomBytes(16).toString('hex');
}

export interface RouteSummary {
  method: string;
  url: string;
}
const ROUTES = new WeakMap<FastifyInstance, RouteSummary[]>();

/** Every route registered on the gateway, as Fastify saw it (OpenAPI is checked against it). */
export function registeredRoutes(fastify: FastifyInstance): RouteSummary[] {
  return [...(ROUTES.get(fastify) ?? [])];
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: unknown, logger: Logger) {
  const problem = toProblem(err, request.traceId, request.url);
  if (problem.status >= 500 && problem.type.endsWith('/internal')) logger.error({ err, url: request.url }, 'unhandled error');
  else if (problem.status >= 500 && (err as Error)?.cause) logger.warn({ err, url: request.url }, 'downstream failure');
  if (problem.status === 503 || problem.status === 429) {
    const retryAfter = (err instanceof AppError ? err.retryAfterSeconds : undefined) ?? 5;
    reply.header('retry-after', String(retryAfter));
  }
  return reply.code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Cross-cutting HTTP behaviour of the only public door: every response names its request
 * and trace, every route has a body limit, and every failure — including the ones Fastify
 * raises before Nest sees the request — is a problem+json.
 */
/** Public read-only reports behind share links (`GET /v1/shared/{token}`). */
export const SHARED_REPORTS_PATH = '/v1/shared/';
/** The portal's pages of them (`/shared/{token}`). */
const SHARED_REPORT_PAGES = '/shared/';

export function configureHttpPipeline(fastify: FastifyInstance, { metrics }: { logger: Logger; metrics: ServiceMetrics }) {
  const routes: RouteSummary[] = [];
  ROUTES.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    route.bodyLimit ??= bodyLimitFor(route.url);
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  fastify.addHook('onRequest', async (request, reply) => {
    const incoming = request.headers['x-request-id'];
    request.requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    reply.header('x-request-id', request.requestId);
    const { traceId, spanId, sampled } = responseTraceContext(request.headers.traceparent);
    request.traceId = traceId;
    request.traceOfRecord = traceOfRecordFor(request.headers.traceparent, traceId);
    reply.header('traceparent', `00-${traceId}-${spanId}-0${sampled ? 1 : 0}`);
  });

  // A JSON API: any body that is not JSON is refused before a parser sees it.
  fastify.addHook('onRequest', async (request) => {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const type = request.headers['content-type'] ?? '';
    if (hasBody && !JSON_TYPE.test(type)) {
      throw Object.assign(new Error('Unsupported media type'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });
    }
  });

  // A shared report is public to whoever holds the link, never to search engines: on every
  // answer under the path, the 404 of a revoked link included.
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(SHARED_REPORTS_PATH) || request.url.startsWith(SHARED_REPORT_PAGES)) reply.header('x-robots-tag', 'noindex, nofollow');
  });

  registerServerTiming(fastify);
  registerConditionalGets(fastify);

  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  // Unknown routes and parse errors reach Nest's handlers, which route them to ProblemFilter.
}

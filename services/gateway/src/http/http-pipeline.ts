import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { trace } from '@opentelemetry/api';
import type { Logger, ServiceMetrics } from '#libs/observability';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { bodyLimitFor } from './body-limits.js';

declare module 'fastify' {
  interface FastifyRequest {
    requestId: string;
    traceId?: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: unknown, logger: Logger) {
  const problem = toProblem(err, request.traceId, request.url);
  if (problem.status >= 500 && problem.type.endsWith('/internal')) logger.error({ err, url: request.url }, 'unhandled error');
  if (problem.status === 503 || problem.status === 429) {
    const retryAfter = (err as { retryAfterSeconds?: number })?.retryAfterSeconds ?? 5;
    reply.header('retry-after', String(retryAfter));
  }
  return reply.code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Cross-cutting HTTP behaviour of the only public door: every response names its request
 * and trace, every route has a body limit, and every failure — including the ones Fastify
 * raises before Nest sees the request — is a problem+json.
 */
export function configureHttpPipeline(fastify: FastifyInstance, { metrics }: { logger: Logger; metrics: ServiceMetrics }) {
  fastify.addHook('onRoute', (route) => {
    route.bodyLimit ??= bodyLimitFor(route.url);
  });

  fastify.addHook('onRequest', async (request, reply) => {
    const incoming = request.headers['x-request-id'];
    request.requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    reply.header('x-request-id', request.requestId);
    const ctx = trace.getActiveSpan()?.spanContext();
    if (ctx && ctx.traceId !== '00000000000000000000000000000000') {
      request.traceId = ctx.traceId;
      reply.header('traceparent', `00-${ctx.traceId}-${ctx.spanId}-0${ctx.traceFlags & 1}`);
    }
  });

  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  // Unknown routes and parse errors reach Nest's handlers, which route them to ProblemFilter.
}

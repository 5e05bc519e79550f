import { randomBytes } from 'node:crypto';
import { context, isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '#libs/contracts';
import type { Action, Resource } from '#libs/authz';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AccessGuard from the verified access token (plus `actingFor` when a grant was used). */
    principal?: Principal;
    /** The decision AccessGuard took for this route. */
    authz?: { action: Action; resource: Resource };
    /** Set on writes by IdempotencyInterceptor; forwarded to services so they deduplicate the command. */
    idempotencyKey?: string;
  }
}

/**
 * Runs `fn` in the request's trace: when no tracer is running (SDK disabled, tests) the
 * gateway still names a trace id on every response, and downstream calls made here carry
 * it, so identity's audit entries quote the same trace id the client saw.
 */
export function withRequestTrace<T>(request: FastifyRequest, fn: () => T): T {
  const active = trace.getSpanContext(context.active());
  if ((active && isSpanContextValid(active)) || !request.traceId) return fn();
  const spanContext = { traceId: request.traceId, spanId: randomBytes(8).toString('hex'), traceFlags: TraceFlags.SAMPLED, isRemote: true };
  return context.with(trace.setSpanContext(context.active(), spanContext), fn);
}

/**
 * The client's address for rate limiting: the peer address, or — behind `trustedHops` proxies
 * that append to X-Forwarded-For — the address the outermost trusted proxy saw. Addresses a
 * client writes into the header itself are never trusted.
 */
export function clientAddress(request: FastifyRequest, trustedHops: number): string | null {
  const peer = request.socket?.remoteAddress ?? null;
  if (trustedHops === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, ...(peer ? [peer] : [])];
  return chain[Math.max(0, chain.length - 1 - trustedHops)] ?? peer;
}

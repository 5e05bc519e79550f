import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a route that answers conditional GETs: its 200 carries an ETag and a matching If-None-Match gets a 304. */
    conditional?: true;
  }
}

/**
 * Only the caller's browser may keep the answer, and must ask again before every use (the
 * revalidation is what costs a 304 instead of a composed body). Shared caches never hold it:
 * the same URL answers differently per principal.
 */
export const CONDITIONAL_CACHE_CONTROL = 'private, no-cache';

/**
 * A strong validator of exactly these bytes as this principal sees them. The principal is part
 * of the hash, so one principal's tag never validates another's copy of the same URL even when
 * the bodies are equal (a tag confirms "what you hold is what you may see", not just equality).
 */
export function entityTag(principalKey: string, body: string | Uint8Array): string {
  const digest = createHash('sha256').update(principalKey).update('\u0000').update(body).digest('base64url');
  return `"${digest.slice(0, 27)}"`;
}

/**
 * RFC 9110 §13.1.2: If-None-Match compares weakly (a `W/` prefix on either side is ignored)
 * and `*` matches any current representation.
 */
export function matchesIfNoneMatch(header: string | string[] | undefined, tag: string): boolean {
  if (header === undefined) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  const wanted = opaque(tag);
  return [header]
    .flat()
    .flatMap((h) => h.split(','))
    .some((candidate) => candidate.trim() === '*' || opaque(candidate) === wanted);
}

/** Who the answer was composed for: every field, since any of them (a grant acted through, a role) changes what is visible. */
const principalKeyOf = (request: FastifyRequest): string => JSON.stringify(request.principal ?? null);

/**
 * Conditional GETs for routes that ask for them: the tag is taken from the serialized body the
 * response already has (no second serialization), after the handler has composed it, so an
 * unchanged answer still costs its downstream calls but not its transfer and the client's parse.
 */
export function registerConditionalGets(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!request.conditional || reply.statusCode !== 200 || !(typeof payload === 'string' || payload instanceof Uint8Array)) return payload;
    const tag = entityTag(principalKeyOf(request), payload);
    reply.header('etag', tag);
    reply.header('cache-control', CONDITIONAL_CACHE_CONTROL);
    reply.header('vary', 'authorization');
    if (!matchesIfNoneMatch(request.headers['if-none-match'], tag)) return payload;
    reply.code(304);
    reply.removeHeader('content-type');
    return null;
  });
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/**
 * The portal runs only code and styles served from this origin: no inline script or style, no
 * eval, no framing, and it talks to this gateway only.
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API and operations: never answered with the portal's page. */
const NOT_PORTAL = /^\/(v1|docs|health|metrics)(\/|$|\?|-)/;

export const isPortalRoute = (url: string) => url === '/' || url === '/*' || url.startsWith('/assets/');

/**
 * Serves the built portal (`vite build` output) at `/`: hashed files under /assets/ cached for
 * a year, and index.html for every other GET outside the API so deep links work. Without a
 * build (tests of the API, a backend-only deployment) nothing is registered.
 */
export async function registerPortal(fastify: FastifyInstance, dir: string): Promise<boolean> {
  const indexFile = path.join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = readFileSync(indexFile);
  await fastify.register(async (portal) => {
    portal.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', PORTAL_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      return payload;
    });
    await portal.register(fastifyStatic, { root: path.join(dir, 'assets'), prefix: '/assets/', maxAge: '365d', immutable: true, index: false, decorateReply: false });
    const page = async (request: { url: string }, reply: import('fastify').FastifyReply) => {
      if (NOT_PORTAL.test(request.url)) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
    };
    portal.get('/', page);
    portal.get('/*', page);
  });
  return true;
}

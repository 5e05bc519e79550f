import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '#libs/observability';
import type { Readiness } from './readiness.js';

/**
 * Liveness, readiness and Prometheus scraping, registered straight on Fastify: probes hit
 * these every few seconds and need none of Nest's pipeline.
 */
export function registerProbeRoutes(fastify: FastifyInstance, readiness: Readiness, metrics: ServiceMetrics) {
  fastify.get('/health/live', async (_req, reply) => reply.send({ status: 'up' }));
  fastify.get('/health/ready', async (_req, reply) => {
    const { ready, checks } = await readiness.isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'up' : 'down', checks });
  });
  fastify.get('/metrics', async (_req, reply) =>
    reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}

import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** `Server-Timing` entries a composed route measured (name → milliseconds). */
    serverTiming?: [string, number][];
  }
}

/** Records how long one part of the answer took; sent as `Server-Timing` with the response. */
export function addServerTiming(request: FastifyRequest, name: string, ms: number): void {
  (request.serverTiming ??= []).push([name, ms]);
}

export function registerServerTiming(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.serverTiming?.length) {
      reply.header('server-timing', request.serverTiming.map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`).join(', '));
    }
    return payload;
  });
}

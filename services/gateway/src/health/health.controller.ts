import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BACKEND_SERVICES, healthContracts, type BackendService } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { SERVICE_CONFIG } from '#libs/service-defaults';
import { SharedAnswer, summarize, systemHealthSchema, type ServiceHealth, type SystemHealth } from './system-health.js';
import { openApiSchema } from '../http/openapi-schemas.js';

/** How long one public health answer is shared (a flood of requests fans out once per period). */
const SHARED_FOR_MS = 1_000;

@ApiTags('operations')
@Controller('v1/health')
export class HealthController {
  private readonly shared = new SharedAnswer<SystemHealth>(SHARED_FOR_MS);

  constructor(
    @Inject(RequestClient) private readonly client: RequestClient,
    @Inject(SERVICE_CONFIG) private readonly config: { HEALTH_TIMEOUT_MS: number },
  ) {}

  @Get()
  @ApiOperation({ summary: "Whether every backend service answers and is ready, with each one's latency", operationId: 'health' })
  @ApiOkResponse({ description: 'Every service answered and is ready', schema: openApiSchema(systemHealthSchema) })
  @ApiServiceUnavailableResponse({ description: 'At least one service is down; the body says which', schema: openApiSchema(systemHealthSchema) })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    // Asked directly, not through breakers: health must reflect the services now (give or take the second it is shared).
    const result = await this.shared.get(async () => summarize(await Promise.all(BACKEND_SERVICES.map((name) => this.probe(name)))));
    reply.code(result.status === 'up' ? 200 : 503);
    reply.header('cache-control', `public, max-age=${SHARED_FOR_MS / 1000}`);
    if (result.status !== 'up') reply.header('retry-after', '5');
    return result;
  }

  private async probe(name: BackendService): Promise<ServiceHealth> {
    const started = performance.now();
    try {
      const res = await this.client.request(healthContracts[name], {}, { timeoutMs: this.config.HEALTH_TIMEOUT_MS });
      return { name, status: res.status, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch {
      // Why it failed is not for a public answer; the service's own probe port tells operators.
      return { name, status: 'down', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    }
  }
}

import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BACKEND_SERVICES, healthContracts, type BackendService } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { SERVICE_CONFIG } from '#libs/service-defaults';
import { summarize, systemHealthSchema, type ServiceHealth } from './system-health.js';
import { openApiSchema } from '../http/openapi-schemas.js';

@ApiTags('operations')
@Controller('v1/health')
export class HealthController {
  constructor(
    @Inject(RequestClient) private readonly client: RequestClient,
    @Inject(SERVICE_CONFIG) private readonly config: { HEALTH_TIMEOUT_MS: number },
  ) {}

  @Get()
  @ApiOperation({ summary: "Whether every backend service answers and is ready, with each one's latency", operationId: 'health' })
  @ApiOkResponse({ description: 'Every service answered and is ready', schema: openApiSchema(systemHealthSchema) })
  @ApiServiceUnavailableResponse({ description: 'At least one service is down; the body says which', schema: openApiSchema(systemHealthSchema) })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    // Asked directly, not through breakers: health must reflect the service now.
    const services = await Promise.all(BACKEND_SERVICES.map((name) => this.probe(name)));
    const result = summarize(services);
    reply.code(result.status === 'up' ? 200 : 503);
    if (result.status !== 'up') reply.header('retry-after', '5');
    return result;
  }

  private async probe(name: BackendService): Promise<ServiceHealth> {
    const started = performance.now();
    try {
      const res = await this.client.request(healthContracts[name], {}, { timeoutMs: this.config.HEALTH_TIMEOUT_MS });
      return { name, status: res.status, latencyMs: Math.round((performance.now() - started) * 10) / 10, checks: res.checks };
    } catch (err) {
      return { name, status: 'down', latencyMs: Math.round((performance.now() - started) * 10) / 10, error: (err as Error).message };
    }
  }
}

import { Controller, Inject, type Type } from '@nestjs/common';
import { healthContracts, type BackendService, type HealthCheckResponse } from '#libs/contracts';
import { RpcHandler } from '../rpc/rpc-handler.decorator.js';
import { Readiness } from './readiness.js';

const VERSION = process.env.npm_package_version ?? '0.1.0';

/** Answers `<service>.health.check.v1`, which the gateway's `/v1/health` fans out to. */
export function healthRpcController(service: BackendService): Type<unknown> {
  @Controller()
  class HealthRpcController {
    constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

    @RpcHandler(healthContracts[service])
    async check(): Promise<HealthCheckResponse> {
      const { ready, checks } = await this.readiness.isReady();
      return { service, status: ready ? 'up' : 'down', checks, version: VERSION, uptimeSeconds: this.readiness.uptimeSeconds() };
    }
  }
  return HealthRpcController;
}

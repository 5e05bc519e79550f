import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { HealthController } from './health/health.controller.js';
import { Downstream } from './downstream/downstream.js';
import { ProblemFilter } from './http/problem.filter.js';
import { IdempotencyStore } from './http/idempotency/idempotency-store.js';
import { IdempotencyInterceptor } from './http/idempotency/idempotency.interceptor.js';

@Module({
  controllers: [HealthController],
  providers: [
    Downstream,
    IdempotencyStore,
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [Downstream],
})
export class GatewayModule {}

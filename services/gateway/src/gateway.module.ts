import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthController } from './health/health.controller.js';
import { Downstream } from './downstream/downstream.js';
import { ProblemFilter } from './http/problem.filter.js';

@Module({
  controllers: [HealthController],
  providers: [Downstream, { provide: APP_FILTER, useClass: ProblemFilter }],
  exports: [Downstream],
})
export class GatewayModule {}

import { Module } from '@nestjs/common';
import { KpisService } from './kpis/kpis.service.js';
import { KpisNatsController } from './kpis/kpis.nats.controller.js';
import { MetricsEventHandlers } from './rollups/metrics-events.handlers.js';
import { BenchmarkScheduler } from './benchmarks/benchmark.scheduler.js';
import { DiscoveryService } from './discovery/discovery.service.js';
import { DiscoveryNatsController } from './discovery/discovery.nats.controller.js';

@Module({
  controllers: [KpisNatsController, DiscoveryNatsController],
  providers: [KpisService, MetricsEventHandlers, BenchmarkScheduler, DiscoveryService],
})
export class MetricsModule {}

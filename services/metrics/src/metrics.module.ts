import { Module } from '@nestjs/common';
import { KpisService } from './kpis/kpis.service.js';
import { KpisNatsController } from './kpis/kpis.nats.controller.js';
import { SeriesService } from './kpis/series.service.js';
import { MetricsEventHandlers } from './rollups/metrics-events.handlers.js';
import { BenchmarkScheduler } from './benchmarks/benchmark.scheduler.js';

@Module({
  controllers: [KpisNatsController],
  providers: [KpisService, SeriesService, MetricsEventHandlers, BenchmarkScheduler],
})
export class MetricsModule {}

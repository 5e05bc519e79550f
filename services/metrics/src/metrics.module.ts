import { Module } from '@nestjs/common';
import { KpisService } from './kpis/kpis.service.js';
import { KpisNatsController } from './kpis/kpis.nats.controller.js';
import { SeriesService } from './kpis/series.service.js';
import { MetricsEventHandlers } from './metrics-events.handlers.js';
import { BenchmarkScheduler } from './benchmarks/benchmark.scheduler.js';
import { DiscoveryService } from './discovery/discovery.service.js';
import { DiscoveryNatsController } from './discovery/discovery.nats.controller.js';
import { OfferEventHandlers } from './offers/offer-events.handlers.js';
import { OfferPerformanceService } from './offers/offer-performance.service.js';
import { OffersNatsController } from './offers/offers.nats.controller.js';
import { SignalsService } from './signals/signals.service.js';
import { FiguresService } from './figures/figures.service.js';
import { FiguresNatsController } from './figures/figures.nats.controller.js';

@Module({
  controllers: [KpisNatsController, OffersNatsController, DiscoveryNatsController, FiguresNatsController],
  providers: [KpisService, SeriesService, MetricsEventHandlers, BenchmarkScheduler, OfferPerformanceService, OfferEventHandlers, DiscoveryService, SignalsService, FiguresService],
})
export class MetricsModule {}

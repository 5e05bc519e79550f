import { Module } from '@nestjs/common';
import { IngestService } from './ingest/ingest.service.js';
import { IngestNatsController } from './ingest/ingest.nats.controller.js';
import { IntakeConsumer } from './intake/intake.consumer.js';

@Module({
  controllers: [IngestNatsController],
  providers: [IngestService, IntakeConsumer],
})
export class MetricsIngestionModule {}

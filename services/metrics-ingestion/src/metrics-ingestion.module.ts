import { Module } from '@nestjs/common';
import { IngestService } from './ingest/ingest.service.js';
import { IngestNatsController } from './ingest/ingest.nats.controller.js';
import { IntakeHandlers } from './intake/intake.handlers.js';

@Module({
  controllers: [IngestNatsController],
  providers: [IngestService, IntakeHandlers],
})
export class MetricsIngestionModule {}

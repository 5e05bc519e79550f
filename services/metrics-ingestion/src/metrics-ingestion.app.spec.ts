import { describeServiceFoundation } from '#libs/testing';
import { metricsIngestionApp } from './metrics-ingestion.app.js';

describeServiceFoundation(metricsIngestionApp, ['outbox', 'inbox', 'projection_versions', 'processed_commands']);

import { describeServiceFoundation } from '#libs/testing';
import { metricsIngestionApp } from './metrics-ingestion.app.js';

describeServiceFoundation(metricsIngestionApp, ['outbox', 'inbox', 'processed_commands', 'video_observations', 'follower_snapshots', 'audience_snapshots', 'projection_versions']);

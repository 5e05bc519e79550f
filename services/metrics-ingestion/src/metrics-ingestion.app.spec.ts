import { describeServiceFoundation } from '#libs/testing';
import { metricsIngestionApp } from './metrics-ingestion.app.js';

describeServiceFoundation(metricsIngestionApp, ['outbox', 'inbox', 'video_observations', 'follower_snapshots', 'audience_snapshots']);

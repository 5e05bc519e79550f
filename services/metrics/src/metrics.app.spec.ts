import { describeServiceFoundation } from '#libs/testing';
import { metricsApp } from './metrics.app.js';

describeServiceFoundation(metricsApp, ['outbox', 'inbox', 'processed_commands', 'projection_versions', 'video_latest', 'creator_daily', 'follower_snapshots', 'audience_latest', 'creator_summary', 'benchmark_cohorts', 'grant_copies', 'offers', 'offer_videos']);

import { describeServiceFoundation } from '#libs/testing';
import { metricsApp } from './metrics.app.js';

describeServiceFoundation(metricsApp, ['outbox', 'inbox', 'processed_commands', 'projection_versions']);

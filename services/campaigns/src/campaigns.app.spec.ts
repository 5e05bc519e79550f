import { describeServiceFoundation } from '#libs/testing';
import { campaignsApp } from './campaigns.app.js';

describeServiceFoundation(campaignsApp, ['outbox', 'inbox', 'processed_commands', 'projection_versions']);

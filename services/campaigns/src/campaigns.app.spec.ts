import { describeServiceFoundation } from '#libs/testing';
import { campaignsApp } from './campaigns.app.js';

describeServiceFoundation(campaignsApp, ['outbox', 'inbox', 'projection_versions', 'processed_commands']);

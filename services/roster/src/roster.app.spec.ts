import { describeServiceFoundation } from '#libs/testing';
import { rosterApp } from './roster.app.js';

describeServiceFoundation(rosterApp, ['outbox', 'inbox', 'processed_commands', 'projection_versions']);

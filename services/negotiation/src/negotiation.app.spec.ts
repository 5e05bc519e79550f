import { describeServiceFoundation } from '#libs/testing';
import { negotiationApp } from './negotiation.app.js';

describeServiceFoundation(negotiationApp, ['outbox', 'inbox', 'processed_commands', 'projection_versions']);

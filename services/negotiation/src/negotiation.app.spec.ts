import { describeServiceFoundation } from '#libs/testing';
import { negotiationApp } from './negotiation.app.js';

describeServiceFoundation(negotiationApp, ['outbox', 'inbox', 'projection_versions', 'processed_commands']);

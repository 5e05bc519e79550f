import { describeServiceFoundation } from '#libs/testing';
import { identityApp } from './identity.app.js';

describeServiceFoundation(identityApp, ['outbox', 'inbox', 'processed_commands', 'projection_versions', 'api_keys']);

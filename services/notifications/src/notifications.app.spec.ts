import { describeServiceFoundation } from '#libs/testing';
import { notificationsApp } from './notifications.app.js';

describeServiceFoundation(notificationsApp, ['outbox', 'inbox', 'processed_commands', 'projection_versions', 'grant_copies', 'people', 'assignments', 'offer_names', 'deadlines', 'notifications', 'email_preferences', 'webhook_endpoints', 'webhook_deliveries', 'webhook_attempts']);

import { Migration20261205010000Notifications } from './Migration20261205010000_notifications.js';
import { Migration20261205100000Webhooks } from './Migration20261205100000_webhooks.js';

/**
 * The service's own checked-in migrations, oldest first. The kit merges in its own (messaging
 * tables, processed commands, the grant copy) by date stamp and applies them all at start-up.
 */
export const migrations = [
  { name: 'Migration20261205010000_notifications', class: Migration20261205010000Notifications },
  { name: 'Migration20261205100000_webhooks', class: Migration20261205100000Webhooks },
];

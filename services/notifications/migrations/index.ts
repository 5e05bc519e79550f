import { Migration20261123000000Messaging } from './Migration20261123000000_messaging.js';
import { Migration20261130000000MessagingV2 } from './Migration20261130000000_messaging_v2.js';
import { Migration20261130010000Commands } from './Migration20261130010000_commands.js';
import { Migration20261205000000GrantCopy } from './Migration20261205000000_grant_copy.js';
import { Migration20261205010000Notifications } from './Migration20261205010000_notifications.js';
import { Migration20261205100000Webhooks } from './Migration20261205100000_webhooks.js';

/** Checked-in migrations, oldest first; applied at start-up. */
export const migrations = [
  { name: 'Migration20261123000000_messaging', class: Migration20261123000000Messaging },
  { name: 'Migration20261130000000_messaging_v2', class: Migration20261130000000MessagingV2 },
  { name: 'Migration20261130010000_commands', class: Migration20261130010000Commands },
  { name: 'Migration20261205000000_grant_copy', class: Migration20261205000000GrantCopy },
  { name: 'Migration20261205010000_notifications', class: Migration20261205010000Notifications },
  { name: 'Migration20261205100000_webhooks', class: Migration20261205100000Webhooks },
];

import { Migration20261205010000Notifications } from './Migration20261205010000_notifications.js';
import { Migration20261205100000Webhooks } from './Migration20261205100000_webhooks.js';
import { Migration20261206000000InvitationMails } from './Migration20261206000000_invitation_mails.js';

/**
 * The service's own checked-in migrations, oldest first. The kit merges in its own (messaging
 * tables, processed commands, the grant copy) by date stamp and applies them all at start-up.
 */
export const migrations = [
  { name: 'Migration20261205010000_notifications', class: Migration20261205010000Notifications },
  { name: 'Migration20261205100000_webhooks', class: Migration20261205100000Webhooks },
  { name: 'Migration20261206000000_invitation_mails', class: Migration20261206000000InvitationMails },
];

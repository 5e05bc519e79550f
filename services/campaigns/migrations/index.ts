import { Migration20261123000000Messaging } from './Migration20261123000000_messaging.js';
import { Migration20261130000000MessagingV2 } from './Migration20261130000000_messaging_v2.js';
import { Migration20261130010000Commands } from './Migration20261130010000_commands.js';
import { Migration20261130020000Campaigns } from './Migration20261130020000_campaigns.js';
import { Migration20261204170000OffersProjection } from './Migration20261204170000_offers_projection.js';
import { Migration20261204180000GrantCopy } from './Migration20261204180000_grant_copy.js';
import { Migration20261204180000DealsInbox } from './Migration20261204180000_deals_inbox.js';
import { Migration20261220000000CancellationStatuses } from './Migration20261220000000_cancellation_statuses.js';

/** Checked-in migrations, oldest first; applied at start-up. */
export const migrations = [
  { name: 'Migration20261123000000_messaging', class: Migration20261123000000Messaging },
  { name: 'Migration20261130000000_messaging_v2', class: Migration20261130000000MessagingV2 },
  { name: 'Migration20261130010000_commands', class: Migration20261130010000Commands },
  { name: 'Migration20261130020000_campaigns', class: Migration20261130020000Campaigns },
  { name: 'Migration20261204170000_offers_projection', class: Migration20261204170000OffersProjection },
  { name: 'Migration20261204180000_grant_copy', class: Migration20261204180000GrantCopy },
  { name: 'Migration20261204180000_deals_inbox', class: Migration20261204180000DealsInbox },
  { name: 'Migration20261220000000_cancellation_statuses', class: Migration20261220000000CancellationStatuses },
];

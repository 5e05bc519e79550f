import { Migration20261130020000Campaigns } from './Migration20261130020000_campaigns.js';
import { Migration20261204170000OffersProjection } from './Migration20261204170000_offers_projection.js';
import { Migration20261204180000GrantCopy } from './Migration20261204180000_grant_copy.js';
import { Migration20261204180000DealsInbox } from './Migration20261204180000_deals_inbox.js';
import { Migration20261220000000CancellationStatuses } from './Migration20261220000000_cancellation_statuses.js';
import { Migration20261221000000CampaignLifecycle } from './Migration20261221000000_campaign_lifecycle.js';
import { Migration20261222000000ShareLinks } from './Migration20261222000000_share_links.js';
import { Migration20261223000000CancellationOwed } from './Migration20261223000000_cancellation_owed.js';

/**
 * The service's own checked-in migrations, oldest first. The kit merges in its own (messaging
 * tables, processed commands, the grant copy) by date stamp and applies them all at start-up.
 */
export const migrations = [
  { name: 'Migration20261130020000_campaigns', class: Migration20261130020000Campaigns },
  { name: 'Migration20261204170000_offers_projection', class: Migration20261204170000OffersProjection },
  { name: 'Migration20261204180000_grant_copy', class: Migration20261204180000GrantCopy },
  { name: 'Migration20261204180000_deals_inbox', class: Migration20261204180000DealsInbox },
  { name: 'Migration20261220000000_cancellation_statuses', class: Migration20261220000000CancellationStatuses },
  { name: 'Migration20261221000000_campaign_lifecycle', class: Migration20261221000000CampaignLifecycle },
  { name: 'Migration20261222000000_share_links', class: Migration20261222000000ShareLinks },
  { name: 'Migration20261223000000_cancellation_owed', class: Migration20261223000000CancellationOwed },
];

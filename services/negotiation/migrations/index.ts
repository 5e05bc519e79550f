import { Migration20261130020000Negotiation } from './Migration20261130020000_negotiation.js';
import { Migration20261130043000BelowRateCard } from './Migration20261130043000_below_rate_card.js';
import { Migration20261204170000OfferOwner } from './Migration20261204170000_offer_owner.js';
import { Migration20261204180000GrantCopy } from './Migration20261204180000_grant_copy.js';
import { Migration20261204180000OfferContext } from './Migration20261204180000_offer_context.js';
import { Migration20261220000000Money } from './Migration20261220000000_money.js';
import { Migration20261221000000PaymentsOverview } from './Migration20261221000000_payments_overview.js';
import { Migration20261222000000RateCard } from './Migration20261222000000_rate_card.js';

/**
 * The service's own checked-in migrations, oldest first. The kit merges in its own (messaging
 * tables, processed commands, the grant copy) by date stamp and applies them all at start-up.
 */
export const migrations = [
  { name: 'Migration20261130020000_negotiation', class: Migration20261130020000Negotiation },
  { name: 'Migration20261130043000_below_rate_card', class: Migration20261130043000BelowRateCard },
  { name: 'Migration20261204170000_offer_owner', class: Migration20261204170000OfferOwner },
  { name: 'Migration20261204180000_grant_copy', class: Migration20261204180000GrantCopy },
  { name: 'Migration20261204180000_offer_context', class: Migration20261204180000OfferContext },
  { name: 'Migration20261220000000_money', class: Migration20261220000000Money },
  { name: 'Migration20261221000000_payments_overview', class: Migration20261221000000PaymentsOverview },
  { name: 'Migration20261222000000_rate_card', class: Migration20261222000000RateCard },
];

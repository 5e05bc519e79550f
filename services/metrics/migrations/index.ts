import { Migration20261130020000Rollups } from './Migration20261130020000_rollups.js';
import { Migration20261130043000OfferPerformance } from './Migration20261130043000_offer_performance.js';
import { Migration20261130050000Discovery } from './Migration20261130050000_discovery.js';
import { Migration20261204180000GrantCopy } from './Migration20261204180000_grant_copy.js';
import { Migration20261204230000VideoIds } from './Migration20261204230000_video_ids.js';
import { Migration20261205000000VideoDaily } from './Migration20261205000000_video_daily.js';
import { Migration20261205110000VideoDailyObservation } from './Migration20261205110000_video_daily_observation.js';

/**
 * The service's own checked-in migrations, oldest first. The kit merges in its own (messaging
 * tables, processed commands, the grant copy) by date stamp and applies them all at start-up.
 */
export const migrations = [
  { name: 'Migration20261130020000_rollups', class: Migration20261130020000Rollups },
  { name: 'Migration20261130043000_offer_performance', class: Migration20261130043000OfferPerformance },
  { name: 'Migration20261130050000_discovery', class: Migration20261130050000Discovery },
  { name: 'Migration20261204180000_grant_copy', class: Migration20261204180000GrantCopy },
  { name: 'Migration20261204230000_video_ids', class: Migration20261204230000VideoIds },
  { name: 'Migration20261205000000_video_daily', class: Migration20261205000000VideoDaily },
  { name: 'Migration20261205110000_video_daily_observation', class: Migration20261205110000VideoDailyObservation },
];

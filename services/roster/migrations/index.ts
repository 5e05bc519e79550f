import { Migration20261130020000Roster } from './Migration20261130020000_roster.js';
import { Migration20261130050000AnnounceProfiles } from './Migration20261130050000_announce_profiles.js';

/**
 * The service's own checked-in migrations, oldest first. The kit merges in its own (messaging
 * tables, processed commands, the grant copy) by date stamp and applies them all at start-up.
 */
export const migrations = [
  { name: 'Migration20261130020000_roster', class: Migration20261130020000Roster },
  { name: 'Migration20261130050000_announce_profiles', class: Migration20261130050000AnnounceProfiles },
];

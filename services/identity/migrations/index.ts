import { Migration20261123000000Messaging } from './Migration20261123000000_messaging.js';

/** Checked-in migrations, oldest first; applied at start-up. */
export const migrations = [{ name: 'Migration20261123000000_messaging', class: Migration20261123000000Messaging }];

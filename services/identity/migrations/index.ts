import { Migration20261123010000Identity } from './Migration20261123010000_identity.js';
import { Migration20261130020000IdentityRefreshTokens } from './Migration20261130020000_identity_refresh_tokens.js';
import { Migration20261130030000ApiKeys } from './Migration20261130030000_api_keys.js';
import { Migration20261130040000IdentitySessions } from './Migration20261130040000_identity_sessions.js';
import { Migration20261130050000IdentityInvitations } from './Migration20261130050000_identity_invitations.js';

/**
 * The service's own checked-in migrations, oldest first. The kit merges in its own (messaging
 * tables, processed commands, the grant copy) by date stamp and applies them all at start-up.
 */
export const migrations = [
  { name: 'Migration20261123010000_identity', class: Migration20261123010000Identity },
  { name: 'Migration20261130020000_identity_refresh_tokens', class: Migration20261130020000IdentityRefreshTokens },
  { name: 'Migration20261130030000_api_keys', class: Migration20261130030000ApiKeys },
  { name: 'Migration20261130040000_identity_sessions', class: Migration20261130040000IdentitySessions },
  { name: 'Migration20261130050000_identity_invitations', class: Migration20261130050000IdentityInvitations },
];

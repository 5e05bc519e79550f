import { Migration20261123000000Messaging } from './Migration20261123000000_messaging.js';
import { Migration20261123010000Identity } from './Migration20261123010000_identity.js';
import { Migration20261130000000MessagingV2 } from './Migration20261130000000_messaging_v2.js';
import { Migration20261130010000Commands } from './Migration20261130010000_commands.js';
import { Migration20261130020000IdentityRefreshTokens } from './Migration20261130020000_identity_refresh_tokens.js';
import { Migration20261130030000ApiKeys } from './Migration20261130030000_api_keys.js';
import { Migration20261130040000IdentitySessions } from './Migration20261130040000_identity_sessions.js';
import { Migration20261130050000IdentityInvitations } from './Migration20261130050000_identity_invitations.js';

/** Checked-in migrations, oldest first; applied at start-up. */
export const migrations = [
  { name: 'Migration20261123000000_messaging', class: Migration20261123000000Messaging },
  { name: 'Migration20261123010000_identity', class: Migration20261123010000Identity },
  { name: 'Migration20261130000000_messaging_v2', class: Migration20261130000000MessagingV2 },
  { name: 'Migration20261130010000_commands', class: Migration20261130010000Commands },
  { name: 'Migration20261130020000_identity_refresh_tokens', class: Migration20261130020000IdentityRefreshTokens },
  { name: 'Migration20261130030000_api_keys', class: Migration20261130030000ApiKeys },
  { name: 'Migration20261130040000_identity_sessions', class: Migration20261130040000IdentitySessions },
  { name: 'Migration20261130050000_identity_invitations', class: Migration20261130050000IdentityInvitations },
];

import { Migration20261123000000Messaging } from './Migration20261123000000_messaging.js';
import { Migration20261130000000MessagingV2 } from './Migration20261130000000_messaging_v2.js';
import { Migration20261130010000Commands } from './Migration20261130010000_commands.js';
import { Migration20261130020000Observations } from './Migration20261130020000_observations.js';
import { Migration20261130030000DropObservationBatchIndex } from './Migration20261130030000_drop_observation_batch_index.js';
import { Migration20261130040000OutboxEnvelopeJson } from './Migration20261130040000_outbox_envelope_json.js';

/** Checked-in migrations, oldest first; applied at start-up. */
export const migrations = [
  { name: 'Migration20261123000000_messaging', class: Migration20261123000000Messaging },
  { name: 'Migration20261130000000_messaging_v2', class: Migration20261130000000MessagingV2 },
  { name: 'Migration20261130010000_commands', class: Migration20261130010000Commands },
  { name: 'Migration20261130020000_observations', class: Migration20261130020000Observations },
  { name: 'Migration20261130030000_drop_observation_batch_index', class: Migration20261130030000DropObservationBatchIndex },
  { name: 'Migration20261130040000_outbox_envelope_json', class: Migration20261130040000OutboxEnvelopeJson },
];

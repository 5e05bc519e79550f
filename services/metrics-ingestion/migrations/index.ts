import { Migration20261130020000Observations } from './Migration20261130020000_observations.js';
import { Migration20261130030000DropObservationBatchIndex } from './Migration20261130030000_drop_observation_batch_index.js';
import { Migration20261130040000OutboxEnvelopeJson } from './Migration20261130040000_outbox_envelope_json.js';
import { Migration20261205100000OutboxEnvelopeText } from './Migration20261205100000_outbox_envelope_text.js';

/**
 * The service's own checked-in migrations, oldest first. The kit merges in its own (messaging
 * tables, processed commands, the grant copy) by date stamp and applies them all at start-up.
 */
export const migrations = [
  { name: 'Migration20261130020000_observations', class: Migration20261130020000Observations },
  { name: 'Migration20261130030000_drop_observation_batch_index', class: Migration20261130030000DropObservationBatchIndex },
  { name: 'Migration20261130040000_outbox_envelope_json', class: Migration20261130040000OutboxEnvelopeJson },
  { name: 'Migration20261205100000_outbox_envelope_text', class: Migration20261205100000OutboxEnvelopeText },
];

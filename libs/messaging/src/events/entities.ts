import { InboxEntry } from '../inbox/inbox.entity.js';
import { OutboxMessage } from '../outbox/outbox.entity.js';
import { ProjectionVersion } from '../projections/projection-version.entity.js';

/** Add to a service's MikroORM `entities` so its migrations carry the outbox, inbox and projection-version tables. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxEntry, ProjectionVersion] as const;

import { InboxEntry } from '../inbox/inbox.entity.js';
import { OutboxMessage } from '../outbox/outbox.entity.js';

/** Add to a service's MikroORM `entities` so its migrations carry the outbox and inbox tables. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxEntry] as const;

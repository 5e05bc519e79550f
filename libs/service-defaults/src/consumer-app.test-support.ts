// Shared by this library's integration specs (not exported): a service with the messaging
// tables and one durable consumer, the smallest thing startService runs consumers for.
import type { Type } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingTablesMigration, MessagingTablesV2Migration, type EventHandlerSet } from '#libs/messaging';
import type { ServiceDefinition } from './bootstrap.js';

class M1 extends MessagingTablesMigration {}
class M2 extends MessagingTablesV2Migration {}

/** `roster` (any backend name does) running `module`, whose provider `handlers` is consumer `consumer`. */
export function consumerTestApp(module: Type<unknown>, consumer: string, handlers: Type<EventHandlerSet>): ServiceDefinition {
  return {
    name: 'roster',
    module,
    persistence: {
      entities: [...MESSAGING_ENTITIES],
      migrations: [
        { name: 'm1_messaging', class: M1 },
        { name: 'm2_messaging_v2', class: M2 },
      ],
    },
    http: { portEnv: 'HTTP_PORT', defaultPort: 0 },
    consumers: [{ consumer, handlers }],
  };
}

// Shared by this library's integration specs (not exported): a service with the kit's tables
// and one durable consumer, the smallest thing startService runs consumers for.
import type { Type } from '@nestjs/common';
import type { EventHandlerSet } from '#libs/messaging';
import type { ServiceDefinition } from './bootstrap.js';

/** `roster` (any backend name does) running `module`, whose provider `handlers` is consumer `consumer`. */
export function consumerTestApp(module: Type<unknown>, consumer: string, handlers: Type<EventHandlerSet>): ServiceDefinition {
  return {
    name: 'roster',
    module,
    persistence: { entities: [] },
    http: { portEnv: 'HTTP_PORT', defaultPort: 0 },
    consumers: [{ consumer, handlers }],
  };
}

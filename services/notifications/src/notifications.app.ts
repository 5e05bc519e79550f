import type { ServiceDefinition } from '#libs/service-defaults';
import { GrantCopyHandlers } from '#libs/service-defaults';
import { NotificationsModule } from './notifications.module.js';
import { notificationsConfigSchema } from './notifications.config.js';
import { DomainEventHandlers } from './inbox/domain-events.handlers.js';
import { migrations } from '../migrations/index.js';
import { WEBHOOK_ENTITIES } from './webhooks/webhook.entities.js';
import { WebhookEventHandlers } from './webhooks/webhook-events.handlers.js';

/** How notifications runs: used by main.ts and by tests that boot the service in-process. */
export const notificationsApp: ServiceDefinition<typeof notificationsConfigSchema> = {
  name: 'notifications',
  module: NotificationsModule,
  config: notificationsConfigSchema,
  persistence: { entities: [...WEBHOOK_ENTITIES], migrations, grantCopy: true },
  http: { portEnv: 'HTTP_PORT', defaultPort: 3107 },
  consumers: [
    { consumer: 'notifications-grants', handlers: GrantCopyHandlers },
    { consumer: 'notifications', handlers: DomainEventHandlers },
    { consumer: 'notifications-webhooks', handlers: WebhookEventHandlers },
  ],
};

import { Module } from '@nestjs/common';
import { GrantCopyHandlers } from '#libs/service-defaults';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/**
 * The service's features, one module each (in-app notifications and email, webhooks); this
 * module only gathers them, so a feature is added by one import line.
 */
@Module({
  imports: [WebhooksModule],
  providers: [GrantCopyHandlers],
})
export class NotificationsModule {}

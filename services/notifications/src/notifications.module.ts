import { Module } from '@nestjs/common';
import { GrantCopyHandlers } from '#libs/service-defaults';
import { InboxModule } from './inbox/inbox.module.js';
import { EmailModule } from './email/email.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/**
 * The service's features, one module each (in-app notifications, e-mail, and beside them
 * webhooks); this module only gathers them, so a feature is added by one import line.
 */
@Module({
  imports: [InboxModule, EmailModule, WebhooksModule],
  providers: [GrantCopyHandlers],
})
export class NotificationsModule {}

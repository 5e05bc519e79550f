import { Module } from '@nestjs/common';
import { GrantCopyHandlers } from '#libs/service-defaults';

/**
 * The service's features, one module each (in-app notifications and email, webhooks); this
 * module only gathers them, so a feature is added by one import line.
 */
@Module({
  imports: [],
  providers: [GrantCopyHandlers],
})
export class NotificationsModule {}

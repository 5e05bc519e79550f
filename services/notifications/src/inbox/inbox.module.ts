import { Module } from '@nestjs/common';
import { DomainEventHandlers } from './domain-events.handlers.js';
import { DeadlineSweeper } from './deadline.sweeper.js';
import { NotificationsService } from './notifications.service.js';
import { NotificationsNatsController } from './notifications.nats.controller.js';

/** In-app notifications: made from domain events and deadlines, listed and marked read. */
@Module({
  controllers: [NotificationsNatsController],
  providers: [DomainEventHandlers, DeadlineSweeper, NotificationsService],
  exports: [DomainEventHandlers],
})
export class InboxModule {}

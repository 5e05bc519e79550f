import { Module } from '@nestjs/common';
import { WebhooksNatsController } from './webhooks.nats.controller.js';
import { WebhooksService } from './webhooks.service.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookEventHandlers } from './webhook-events.handlers.js';
import { EndpointDisabledNotice } from './endpoint-disabled.notice.js';

/** Webhooks (Standard Webhooks 1.0): endpoints, the consumer that makes deliveries, the worker that sends them. */
@Module({
  controllers: [WebhooksNatsController],
  providers: [WebhooksService, WebhookDispatcher, WebhookDeliveryWorker, WebhookEventHandlers, EndpointDisabledNotice],
  exports: [WebhookEventHandlers],
})
export class WebhooksModule {}

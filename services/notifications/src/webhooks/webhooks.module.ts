import { Module } from '@nestjs/common';
import type { Logger } from '#libs/observability';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { WebhooksConfig } from './webhooks.config.js';
import { WebhookSecretVault } from './webhook-secret.vault.js';
import { WebhooksNatsController } from './webhooks.nats.controller.js';
import { WebhooksService } from './webhooks.service.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookEventHandlers } from './webhook-events.handlers.js';
import { EndpointDisabledNotice } from './endpoint-disabled.notice.js';

/** Webhooks (Standard Webhooks 1.0): endpoints, the consumer that makes deliveries, the worker that sends them. */
@Module({
  controllers: [WebhooksNatsController],
  providers: [
    {
      provide: WebhookSecretVault,
      inject: [SERVICE_CONFIG, LOGGER],
      useFactory: (config: WebhooksConfig, logger: Logger) => {
        const vault = WebhookSecretVault.fromSetting(config.WEBHOOK_SECRET_KEYS);
        if (!vault.sealing) logger.warn('WEBHOOK_SECRET_KEYS is unset: webhook signing secrets are stored unsealed; production must set WEBHOOK_SECRET_KEYS');
        return vault;
      },
    },
    WebhooksService, WebhookDispatcher, WebhookDeliveryWorker, WebhookEventHandlers, EndpointDisabledNotice],
  exports: [WebhookEventHandlers],
})
export class WebhooksModule {}

import { Inject, Injectable } from '@nestjs/common';
import { drainInBatches, LOGGER, PeriodicTask, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { WebhooksConfig } from './webhooks.config.js';
import { DISPATCH_BATCH, WebhookDispatcher } from './webhook-dispatcher.js';

/**
 * Every replica sends due webhook deliveries on a short timer; claims are `SKIP LOCKED`, so
 * replicas share the work and never send one attempt twice. A command that makes a delivery
 * due at once (test ping, manual retry) wakes it instead of waiting for the tick.
 */
@Injectable()
export class WebhookDeliveryWorker extends PeriodicTask {
  constructor(@Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher, @Inject(SERVICE_CONFIG) config: WebhooksConfig, @Inject(LOGGER) logger: Logger) {
    super('webhook deliveries', config.WEBHOOK_WORKER_INTERVAL_MS, (active) => drainInBatches(() => dispatcher.dispatchDue(new Date()), DISPATCH_BATCH, active).then(() => undefined), logger);
  }

  wake(): void {
    void this.run();
  }
}

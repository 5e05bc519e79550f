import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { deliver } from '../inbox/notification.store.js';
import type { WebhookEndpoint } from './webhook.entities.js';
import { endpointDisabledNotice } from './webhook-events.rules.js';

/**
 * Tells an organization's owners and admins that one of its webhook endpoints was switched off,
 * as a `webhook.disabled` notification (in the portal, and by mail as each prefers), in the
 * transaction that switched it off.
 */
@Injectable()
export class EndpointDisabledNotice {
  async send(em: EntityManager, endpoint: WebhookEndpoint): Promise<void> {
    const now = new Date();
    await deliver(em, endpointDisabledNotice(endpoint, now), now);
  }
}

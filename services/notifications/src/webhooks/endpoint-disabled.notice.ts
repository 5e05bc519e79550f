import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LOGGER } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { WebhookEndpoint } from './webhook.entities.js';

/** Tells an organization's owners and admins that one of its webhook endpoints was switched off. */
@Injectable()
export class EndpointDisabledNotice {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async send(_em: EntityManager, endpoint: WebhookEndpoint): Promise<void> {
    this.logger.warn({ endpointId: endpoint.id, orgId: endpoint.orgId, failures: endpoint.consecutiveFailures }, 'webhook endpoint disabled after a run of failures');
  }
}

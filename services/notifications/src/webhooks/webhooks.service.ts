import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, enforce } from '#libs/authz';
import { AppError, WEBHOOK_EVENT_TYPES, type AuditAction, type Principal, type WebhookDeliveryView, type WebhookEndpointView } from '#libs/contracts';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { auditActorOf, recordForCreator, SERVICE_CONFIG, UnitOfWork } from '#libs/service-defaults';
import type { WebhooksConfig } from './webhooks.config.js';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook.entities.js';
import { makeSecret, rotate, ROTATION_OVERLAP_MS } from './webhook-secret.rules.js';
import { WebhookSecretVault } from './webhook-secret.vault.js';
import { validateEndpointUrl, validateEventFilter } from './webhook-endpoint.rules.js';
import { newDelivery, transition } from './delivery.state-machine.js';
import { pingEvent, webhookBody } from './webhook-events.rules.js';
import { deliveryView, endpointView } from './webhook.views.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';

type EndpointRef = { orgId: string; webhookId: string };

/**
 * An organization's webhooks, managed by its owners and admins: one unit of work per command.
 * The gateway has already authorized the organization; the same rule is applied here again,
 * and an endpoint of another organization is a 404 like an unknown one.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(SERVICE_CONFIG) private readonly config: WebhooksConfig,
    @Inject(WebhookDeliveryWorker) private readonly worker: WebhookDeliveryWorker,
    @Inject(WebhookSecretVault) private readonly vault: WebhookSecretVault,
  ) {}

  async create(principal: Principal, req: { orgId: string; url: string; events: string[]; description: string }): Promise<{ id: string; secret: string }> {
    mayManage(principal, req.orgId);
    const url = validateEndpointUrl(req.url, this.config.WEBHOOKS_ALLOW_PRIVATE);
    const events = validateEventFilter(req.events, WEBHOOK_EVENT_TYPES);
    return this.uow.run(async (em) => {
      const secret = makeSecret(randomBytes);
      const endpoint = em.create(WebhookEndpoint, {
        id: randomUUID(),
        orgId: req.orgId,
        url,
        events,
        description: req.description,
        secret: this.vault.seal(secret),
        previousSecret: null,
        previousSecretUntil: null,
        consecutiveFailures: 0,
        failingSince: null,
        disabledAt: null,
        createdAt: new Date(),
      });
      recordWebhookChange(em, principal, 'webhook.created', endpoint, { url, events, description: req.description });
      await em.flush();
      return { id: endpoint.id, secret };
    });
  }

  async list(principal: Principal, orgId: string): Promise<{ items: WebhookEndpointView[] }> {
    mayManage(principal, orgId);
    const rows = await this.uow.reader().find(WebhookEndpoint, { orgId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
    const now = new Date();
    return { items: rows.map((e) => endpointView(e, now)) };
  }

  async remove(principal: Principal, ref: EndpointRef): Promise<Record<string, never>> {
    mayManage(principal, ref.orgId);
    return this.uow.run(async (em) => {
      const endpoint = await endpointOf(em, ref, LockMode.PESSIMISTIC_WRITE);
      // Deliveries and attempts go with it (on delete cascade): nothing more is sent.
      await em.nativeDelete(WebhookEndpoint, { id: endpoint.id });
      recordWebhookChange(em, principal, 'webhook.removed', endpoint, { url: endpoint.url });
      await em.flush();
      return {};
    });
  }

  async rotateSecret(principal: Principal, ref: EndpointRef): Promise<{ id: string; secret: string; previousSecretExpiresAt: string }> {
    mayManage(principal, ref.orgId);
    return this.uow.run(async (em) => {
      const endpoint = await endpointOf(em, ref, LockMode.PESSIMISTIC_WRITE);
      const now = new Date();
      const current = this.vault.openSecrets({ secret: endpoint.secret, previousSecret: endpoint.previousSecret ?? null });
      const next = rotate({ ...current, previousSecretUntil: endpoint.previousSecretUntil ?? null }, makeSecret(randomBytes), now);
      Object.assign(endpoint, { ...next, secret: this.vault.seal(next.secret), previousSecret: next.previousSecret === null ? null : this.vault.seal(next.previousSecret) });
      // Never the secrets themselves: the log says that and when, the endpoint holds what.
      recordWebhookChange(em, principal, 'webhook.secret-rotated', endpoint, { url: endpoint.url, previousSecretUntil: next.previousSecretUntil?.toISOString() ?? null });
      await em.flush();
      return { id: endpoint.id, secret: next.secret, previousSecretExpiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString() };
    });
  }

  /** A `ping` now: one attempt, made even while the endpoint is disabled (a success switches it on again). */
  async test(principal: Principal, ref: EndpointRef): Promise<WebhookDeliveryView> {
    mayManage(principal, ref.orgId);
    const view = await this.uow.run(async (em) => {
      const endpoint = await endpointOf(em, ref);
      const now = new Date();
      const delivery = em.create(WebhookDelivery, {
        id: randomUUID(),
        endpointId: endpoint.id,
        orgId: endpoint.orgId,
        eventId: null,
        eventType: 'ping',
        body: webhookBody(pingEvent(endpoint.id, now)),
        ...newDelivery(now, true),
        createdAt: now,
      });
      await em.flush();
      return deliveryView(delivery, []);
    });
    this.worker.wake();
    return view;
  }

  async deliveries(principal: Principal, req: EndpointRef & { limit: number; cursor?: string }): Promise<{ items: WebhookDeliveryView[]; nextCursor: string | null }> {
    mayManage(principal, req.orgId);
    const em = this.uow.reader();
    const endpoint = await endpointOf(em, req);
    const rows = await em.find(
      WebhookDelivery,
      { endpointId: endpoint.id, ...afterCursor(decodeCursor(req.cursor), 'createdAt') },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: req.limit + 1 },
    );
    const { items, nextCursor } = page(rows, req.limit, (d) => ({ at: d.createdAt, id: d.id }));
    const attempts = items.length ? await em.find(WebhookAttempt, { deliveryId: { $in: items.map((d) => d.id) } }, { orderBy: { at: 'asc' } }) : [];
    return { items: items.map((d) => deliveryView(d, attempts.filter((a) => a.deliveryId === d.id))), nextCursor };
  }

  /** The same delivery (same `webhook-id`) attempted again now. */
  async retry(principal: Principal, req: EndpointRef & { deliveryId: string }): Promise<WebhookDeliveryView> {
    mayManage(principal, req.orgId);
    const view = await this.uow.run(async (em) => {
      const endpoint = await endpointOf(em, req);
      const delivery = await em.findOne(WebhookDelivery, { id: req.deliveryId, endpointId: endpoint.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!delivery) throw new AppError('not_found', 'Not found', 'No such delivery of this webhook');
      Object.assign(delivery, transition(delivery, { type: 'retry', now: new Date() }));
      await em.flush();
      const attempts = await em.find(WebhookAttempt, { deliveryId: delivery.id }, { orderBy: { at: 'asc' } });
      return deliveryView(delivery, attempts);
    });
    this.worker.wake();
    return view;
  }
}

/**
 * Who changed where the organization's events go, in the organization's audit log (identity
 * appends it from this unit of work's outbox): an endpoint added or removed, or its secret
 * rotated, is as much a security event as an API key created.
 */
function recordWebhookChange(em: EntityManager, principal: Principal, action: Extract<AuditAction, `webhook.${string}`>, endpoint: WebhookEndpoint, details: Record<string, unknown>): void {
  recordForCreator(em, { by: 'notifications', action, actor: auditActorOf(principal), onBehalfOf: null, grantId: null, target: { type: 'webhook', id: endpoint.id }, details, at: new Date() });
}

function mayManage(principal: Principal, orgId: string): void {
  enforce(authorize(principal, 'webhooks:manage', { type: 'organization', orgId }));
}

async function endpointOf(em: EntityManager, ref: EndpointRef, lockMode?: LockMode): Promise<WebhookEndpoint> {
  const endpoint = await em.findOne(WebhookEndpoint, { id: ref.webhookId, orgId: ref.orgId }, lockMode ? { lockMode } : {});
  if (!endpoint) throw new AppError('not_found', 'Not found', 'No such webhook in this organization');
  return endpoint;
}

import { defineEntity, p } from '@mikro-orm/core';
import { DELIVERY_STATUSES } from './delivery.state-machine.js';

/**
 * An organization's webhook endpoint. `secret` signs every delivery and `previous_secret`
 * too until `previous_secret_until` (rotation); the health columns count the current run of
 * failed attempts. The row is the lock rotation and the delivery worker take.
 */
export const WebhookEndpointSchema = defineEntity({
  name: 'WebhookEndpoint',
  tableName: 'webhook_endpoints',
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    url: p.text(),
    events: p.json<string[]>().columnType('jsonb'),
    description: p.text(),
    secret: p.text(),
    previousSecret: p.text().strictNullable(),
    previousSecretUntil: p.datetime().columnType('timestamptz').strictNullable(),
    consecutiveFailures: p.integer(),
    failingSince: p.datetime().columnType('timestamptz').strictNullable(),
    disabledAt: p.datetime().columnType('timestamptz').strictNullable(),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
export class WebhookEndpoint extends WebhookEndpointSchema.class {}
WebhookEndpointSchema.setClass(WebhookEndpoint);

/**
 * One event for one endpoint. Its id is the `webhook-id` of every attempt; `body` is the exact
 * JSON text sent (and signed) each time. (endpoint, event, type) is unique, so an event
 * redelivered by the bus never makes a second delivery.
 */
export const WebhookDeliverySchema = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_deliveries',
  properties: {
    id: p.uuid().primary(),
    endpointId: p.uuid(),
    orgId: p.uuid(),
    /** The domain event it carries; null for a test ping. */
    eventId: p.uuid().strictNullable(),
    eventType: p.text(),
    body: p.text(),
    status: p.enum(DELIVERY_STATUSES),
    attempts: p.integer(),
    nextAttemptAt: p.datetime().columnType('timestamptz').strictNullable(),
    retryUntil: p.datetime().columnType('timestamptz').strictNullable(),
    manual: p.boolean(),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
export class WebhookDelivery extends WebhookDeliverySchema.class {}
WebhookDeliverySchema.setClass(WebhookDelivery);

/** One HTTP attempt of a delivery, for the delivery log. */
export const WebhookAttemptSchema = defineEntity({
  name: 'WebhookAttempt',
  tableName: 'webhook_attempts',
  properties: {
    id: p.uuid().primary(),
    deliveryId: p.uuid(),
    at: p.datetime().columnType('timestamptz'),
    responseStatus: p.integer().strictNullable(),
    error: p.text().strictNullable(),
    durationMs: p.integer(),
  },
});
export class WebhookAttempt extends WebhookAttemptSchema.class {}
WebhookAttemptSchema.setClass(WebhookAttempt);

export const WEBHOOK_ENTITIES = [WebhookEndpoint, WebhookDelivery, WebhookAttempt];

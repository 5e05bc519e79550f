import { z } from 'zod';
import { defineRequest } from '../contract.js';
import { isoTime } from '../common/time.js';
import { freeText, webUrl } from '../common/text.js';
import { pageLimit, pageCursor, pageOf } from '../common/page.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-events.js';

/**
 * An organization's webhooks (Standard Webhooks 1.0): endpoints with an event filter, their
 * deliveries and each attempt. Only the organization's owners and admins reach them. A secret
 * (`whsec_…`) is in the answer that makes it (create, rotate-secret) and nowhere else.
 */

/** An event type, `<prefix>.*` or `*` (checked against the catalog by the service, which names each unknown entry). */
const eventFilterEntry = z.string().regex(/^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/, 'Use an event type, a prefix ending in .* or *').max(100);

export const webhookEndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  createdAt: isoTime,
  /** Switched off after a long run of failed attempts (its admins were notified); a successful test ping or manual retry switches it on again. */
  disabledAt: isoTime.nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  /** Until then the secret before the last rotation signs too. */
  previousSecretExpiresAt: isoTime.nullable(),
});
export type WebhookEndpointView = z.infer<typeof webhookEndpointSchema>;

export const webhookAttemptSchema = z.object({
  at: isoTime,
  /** The receiver's HTTP status; null when none came back (refused target, timeout, connection error). */
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
});

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export const webhookDeliverySchema = z.object({
  /** Also its `webhook-id`: the same on every attempt. */
  id: z.uuid(),
  endpointId: z.uuid(),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  createdAt: isoTime,
  nextAttemptAt: isoTime.nullable(),
  attempts: z.array(webhookAttemptSchema),
  /** What was sent (the Standard Webhooks body: `{type, timestamp, data}`). */
  payload: z.unknown(),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;

const endpointRef = { orgId: z.uuid(), webhookId: z.uuid() };

export const webhookContracts = {
  create: defineRequest({
    subject: 'notifications.webhooks.create.v1',
    description: "An owner or admin registers an endpoint for the organization's events; the secret is in this reply only.",
    request: z
      .object({
        orgId: z.uuid(),
        url: webUrl({ max: 2000 }),
        events: z.array(eventFilterEntry).max(WEBHOOK_EVENT_TYPES.length + 10),
        description: freeText({ max: 500 }).default(''),
      })
      .strict(),
    response: z.object({ id: z.uuid(), secret: z.string() }),
  }),
  list: defineRequest({
    subject: 'notifications.webhooks.list.v1',
    description: "The organization's endpoints, newest first, without secrets.",
    request: z.object({ orgId: z.uuid() }).strict(),
    response: z.object({ items: z.array(webhookEndpointSchema) }),
  }),
  remove: defineRequest({
    subject: 'notifications.webhooks.delete.v1',
    description: 'Removes an endpoint with its deliveries; nothing more is sent to it.',
    request: z.object(endpointRef).strict(),
    response: z.object({}),
  }),
  test: defineRequest({
    subject: 'notifications.webhooks.test.v1',
    description: 'Sends a `ping` to the endpoint now (one attempt, even while it is disabled); the delivery shows the outcome.',
    request: z.object(endpointRef).strict(),
    response: webhookDeliverySchema,
  }),
  rotateSecret: defineRequest({
    subject: 'notifications.webhooks.rotate-secret.v1',
    description: 'A new secret, in this reply only; the previous one keeps signing (alongside) for 24 h.',
    request: z.object(endpointRef).strict(),
    response: z.object({ id: z.uuid(), secret: z.string(), previousSecretExpiresAt: isoTime }),
  }),
  deliveries: defineRequest({
    subject: 'notifications.webhook-deliveries.list.v1',
    description: "An endpoint's deliveries, newest first, each with its attempts and response statuses.",
    request: z.object({ ...endpointRef, limit: pageLimit, cursor: pageCursor.optional() }).strict(),
    response: pageOf(webhookDeliverySchema),
  }),
  retry: defineRequest({
    subject: 'notifications.webhook-deliveries.retry.v1',
    description: 'Attempts a delivery again now, under its same webhook-id (one attempt for a finished one).',
    request: z.object({ ...endpointRef, deliveryId: z.uuid() }).strict(),
    response: webhookDeliverySchema,
  }),
} as const;

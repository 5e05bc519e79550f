import type { WebhookDeliveryView, WebhookEndpointView } from '#libs/contracts';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook.entities.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** An endpoint as its admins see it: never a secret. */
export function endpointView(e: WebhookEndpoint, now: Date): WebhookEndpointView {
  const overlap = e.previousSecretUntil && e.previousSecretUntil.getTime() > now.getTime() ? e.previousSecretUntil : null;
  return {
    id: e.id,
    url: e.url,
    events: [...e.events],
    description: e.description,
    createdAt: e.createdAt.toISOString(),
    disabledAt: iso(e.disabledAt),
    consecutiveFailures: e.consecutiveFailures,
    previousSecretExpiresAt: iso(overlap),
  };
}

export function deliveryView(d: WebhookDelivery, attempts: readonly WebhookAttempt[]): WebhookDeliveryView {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventType: d.eventType,
    status: d.status,
    createdAt: d.createdAt.toISOString(),
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    attempts: attempts.map((a) => ({ at: a.at.toISOString(), responseStatus: a.responseStatus ?? null, error: a.error ?? null, durationMs: a.durationMs })),
    payload: JSON.parse(d.body) as unknown,
  };
}

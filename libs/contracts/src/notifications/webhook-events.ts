import { NOTIFICATION_KINDS } from './notifications.schemas.js';

/**
 * What a webhook can carry: the notification kinds (the same moments a person is told about)
 * plus `offer.status_changed` for every change of an offer's lifecycle status, and `ping`,
 * which only a test sends and every endpoint receives whatever its filter.
 */
export const WEBHOOK_EVENT_TYPES = [...NOTIFICATION_KINDS, 'offer.status_changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number] | 'ping';

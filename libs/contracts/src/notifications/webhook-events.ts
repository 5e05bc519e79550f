/**
 * What a webhook can carry: the notification kinds (the same moments a person is told about)
 * plus `offer.status_changed` for every change of an offer's lifecycle status, and `ping`,
 * which only a test sends and every endpoint receives whatever its filter.
 */
export const NOTIFICATION_KINDS = [
  'offer.received',
  'offer.countered',
  'offer.accepted',
  'offer.awaiting_confirmation',
  'offer.cancellation_requested',
  'message.posted',
  'submission.received',
  'submission.reviewed',
  'deadline.respond_by',
  'deadline.review',
  'payment.due',
  'payment.overdue',
  'grant.requested',
  'grant.revoked',
  'invitation.received',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const WEBHOOK_EVENT_TYPES = [...NOTIFICATION_KINDS, 'offer.status_changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number] | 'ping';

import { z } from 'zod';
import { isoTime } from '../common/time.js';
import { pageCursor } from '../common/page.js';

/**
 * What a person is told about, one kind per thing that happened to them (API: "Notifications
 * and webhooks").
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
  /** One of the organization's webhook endpoints was switched off after a run of failures (owners and admins). */
  'webhook.disabled',
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** How a kind reaches a user by e-mail: at once, in the next digest, or not at all. */
export const EMAIL_MODES = ['instant', 'digest', 'off'] as const;
export const emailModeSchema = z.enum(EMAIL_MODES);
export type EmailMode = z.infer<typeof emailModeSchema>;

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string(),
  /** Where in the portal it leads (a path, e.g. `/offers/<id>`). */
  link: z.string(),
  createdAt: isoTime,
  readAt: isoTime.nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListRequest = z
  .object({
    userId: z.uuid(),
    unread: z.boolean().optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: pageCursor.optional(),
  })
  .strict();

export const notificationListResponse = z.object({
  items: z.array(notificationSchema),
  unreadCount: z.number().int().nonnegative(),
  nextCursor: z.string().nullable(),
});

/** `{ids}` or `{all: true}`, never both. */
export const markReadRequest = z
  .object({
    userId: z.uuid(),
    ids: z.array(z.uuid()).min(1).max(200).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((r) => (r.ids === undefined) !== (r.all === undefined), { message: 'Send either ids or all: true', path: ['ids'] });

export const preferencesSchema = z.object({
  /** Every kind, with its mode (`instant` unless the user chose otherwise). */
  email: z.record(notificationKindSchema, emailModeSchema),
});
export type NotificationPreferences = z.infer<typeof preferencesSchema>;

export const preferencesPutRequest = z
  .object({
    userId: z.uuid(),
    /** Only the kinds to change; the others keep their mode. */
    email: z.partialRecord(notificationKindSchema, emailModeSchema),
  })
  .strict();

/** The token in an e-mail's unsubscribe link (random, one per user), and the kind it turns off. */
export const unsubscribeRequest = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'Use the link from the e-mail'),
    kind: notificationKindSchema,
  })
  .strict();

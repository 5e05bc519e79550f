import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { isoTime } from '../common/time.js';
import { notificationKindSchema } from './notifications.schemas.js';

/**
 * A notification was stored for a user, so every gateway can tell that user's open live streams
 * to refresh the bell. Only ids travel: what the notification says is read through the API,
 * under the reader's access. aggregateId = the notification, aggregateVersion = 1.
 */
export const notificationEvents = {
  created: defineEvent({
    consumers: ['gateway'],
    subject: 'notifications.evt.notification.created.v1',
    description: 'A notification for `userId` was stored (the live bell of that user refreshes).',
    payload: z.object({ notificationId: z.uuid(), userId: z.uuid(), kind: notificationKindSchema, at: isoTime }),
  }),
} as const;

export type NotificationCreatedPayload = z.infer<typeof notificationEvents.created.payload>;

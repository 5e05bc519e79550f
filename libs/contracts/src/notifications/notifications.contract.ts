import { z } from 'zod';
import { defineRequest } from '../contract.js';
import {
  markReadRequest,
  notificationListRequest,
  notificationListResponse,
  notificationKindSchema,
  preferencesPutRequest,
  preferencesSchema,
  unsubscribeRequest,
} from './notifications.schemas.js';

/**
 * A user's own notifications and e-mail preferences. `userId` is always the caller's (the
 * gateway fills it from the principal); the service also checks it against the principal.
 */
const self = z.object({ userId: z.uuid() }).strict();

export const notificationsContracts = {
  list: defineRequest({
    subject: 'notifications.notifications.list.v1',
    description: "The caller's notifications, newest first, with the unread count; only those about creators and organizations the caller may still see.",
    request: notificationListRequest,
    response: notificationListResponse,
  }),
  markRead: defineRequest({
    subject: 'notifications.notifications.read.v1',
    description: "Marks some (`ids`) or all of the caller's notifications read; ids that are not the caller's are ignored.",
    request: markReadRequest,
    response: z.object({ unreadCount: z.number().int().nonnegative() }),
  }),
  preferencesGet: defineRequest({
    subject: 'notifications.preferences.get.v1',
    description: "The caller's e-mail mode for every kind.",
    request: self,
    response: preferencesSchema,
  }),
  preferencesPut: defineRequest({
    subject: 'notifications.preferences.put.v1',
    description: "Changes the caller's e-mail mode for the kinds given.",
    request: preferencesPutRequest,
    response: preferencesSchema,
  }),
  unsubscribe: defineRequest({
    subject: 'notifications.preferences.unsubscribe.v1',
    description: "Turns one kind's e-mail off for the owner of the link's token (the link in every e-mail).",
    request: unsubscribeRequest,
    response: z.object({ kind: notificationKindSchema, email: z.literal('off') }),
  }),
};

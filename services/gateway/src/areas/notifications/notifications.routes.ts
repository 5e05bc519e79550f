import { notificationsContracts as c } from '#libs/contracts';
import { ownAccount } from '../../auth/common.resources.js';
import { authorize, publicRoute, route, type ServerField } from '../../routes/route.js';

/** Whose inbox: always the caller's own (a client never names a user). */
const caller: Record<string, ServerField> = { userId: (request) => request.principal!.userId };

export const notificationsRoutes = {
  listNotifications: route({
    method: 'GET',
    path: '/v1/notifications',
    contract: c.list,
    server: caller,
    auth: authorize('account:read', ownAccount),
    openapi: {
      summary: "The caller's notifications, newest first (`?unread=true` for unread only), with the unread count; live updates: `GET /v1/notifications/stream`",
      tags: ['notifications'],
      problems: [400, 401, 503],
    },
  }),
  markNotificationsRead: route({
    method: 'POST',
    path: '/v1/notifications/read',
    contract: c.markRead,
    server: caller,
    status: 200,
    auth: authorize('account:read', ownAccount),
    openapi: { summary: 'Mark some (`{ids}`) or all (`{all: true}`) of the caller\'s notifications read; returns the unread count', tags: ['notifications'], problems: [400, 401, 503] },
  }),
  getNotificationPreferences: route({
    method: 'GET',
    path: '/v1/notification-preferences',
    contract: c.preferencesGet,
    server: caller,
    auth: authorize('account:read', ownAccount),
    openapi: { summary: "The caller's e-mail mode per notification kind (`instant`, `digest` or `off`)", tags: ['notifications'], problems: [401, 503] },
  }),
  putNotificationPreferences: route({
    method: 'PUT',
    path: '/v1/notification-preferences',
    contract: c.preferencesPut,
    server: caller,
    auth: authorize('account:read', ownAccount),
    openapi: { summary: "Change the caller's e-mail mode for the kinds given; the others keep theirs", tags: ['notifications'], problems: [400, 401, 503] },
  }),
  unsubscribe: route({
    method: 'POST',
    path: '/v1/notification-preferences/unsubscribe',
    contract: c.unsubscribe,
    status: 200,
    auth: publicRoute("the token from an e-mail's unsubscribe link is the credential, and it can only turn that user's mail of one kind off"),
    openapi: { summary: "Turn one kind's e-mail off with the token of an e-mail's unsubscribe link", tags: ['notifications'], problems: [400, 404, 503] },
  }),
};

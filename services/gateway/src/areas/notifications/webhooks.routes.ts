import { webhookContracts as c } from '#libs/contracts';
import { organizationParam } from '../../auth/common.resources.js';
import { authorize, route } from '../../routes/route.js';

const owners = authorize('webhooks:manage', organizationParam());
const endpoint = { id: 'webhookId' };

/**
 * An organization's webhooks (Standard Webhooks 1.0; docs/notifications.md), for its owners and
 * admins. The answers that carry a secret are `credentials` routes: the service keeps no copy.
 */
export const webhooksRoutes = {
  createWebhook: route({
    method: 'POST',
    path: '/v1/orgs/:orgId/webhooks',
    contract: c.create,
    credentials: true,
    auth: owners,
    openapi: {
      summary: "Register an endpoint for the organization's events (owner/admin); the whsec_ secret is shown in this answer only",
      tags: ['webhooks'],
      problems: [400, 401, 403, 404, 422, 503],
    },
  }),
  listWebhooks: route({
    method: 'GET',
    path: '/v1/orgs/:orgId/webhooks',
    contract: c.list,
    auth: owners,
    openapi: { summary: "The organization's webhook endpoints (no secrets), with their health", tags: ['webhooks'], problems: [400, 401, 403, 404, 503] },
  }),
  deleteWebhook: route({
    method: 'DELETE',
    path: '/v1/orgs/:orgId/webhooks/:id',
    params: endpoint,
    contract: c.remove,
    status: 204,
    auth: owners,
    openapi: { summary: 'Remove an endpoint and its delivery log; nothing more is sent to it', tags: ['webhooks'], problems: [400, 401, 403, 404, 503], noContent: 'Removed' },
  }),
  testWebhook: route({
    method: 'POST',
    path: '/v1/orgs/:orgId/webhooks/:id/test',
    params: endpoint,
    contract: c.test,
    status: 202,
    auth: owners,
    openapi: { summary: 'Send a ping now (one attempt, even to a disabled endpoint); its delivery shows the outcome', tags: ['webhooks'], problems: [400, 401, 403, 404, 503] },
  }),
  rotateWebhookSecret: route({
    method: 'POST',
    path: '/v1/orgs/:orgId/webhooks/:id/rotate-secret',
    params: endpoint,
    contract: c.rotateSecret,
    credentials: true,
    status: 200,
    auth: owners,
    openapi: { summary: 'A new secret, shown in this answer only; the previous one keeps signing alongside it for 24 h', tags: ['webhooks'], problems: [400, 401, 403, 404, 503] },
  }),
  listWebhookDeliveries: route({
    method: 'GET',
    path: '/v1/orgs/:orgId/webhooks/:id/deliveries',
    params: endpoint,
    contract: c.deliveries,
    auth: owners,
    openapi: { summary: "An endpoint's deliveries, newest first, with every attempt's response status and the next retry", tags: ['webhooks'], problems: [400, 401, 403, 404, 503] },
  }),
  retryWebhookDelivery: route({
    method: 'POST',
    path: '/v1/orgs/:orgId/webhooks/:id/deliveries/:deliveryId/retry',
    params: endpoint,
    contract: c.retry,
    status: 202,
    auth: owners,
    openapi: { summary: 'Attempt a delivery again now, under the same webhook-id', tags: ['webhooks'], problems: [400, 401, 403, 404, 503] },
  }),
};

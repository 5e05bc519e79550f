import type { Type } from '@nestjs/common';
import { controllerFor, RouteRunner } from './route-controller.js';
import { assertRouteFitsContract } from './route-input.js';
import { routeKey, type RouteDeclaration, type RouteTable } from './route.js';
import { identityRoutes } from '../areas/identity/identity.routes.js';
import { rosterRoutes } from '../areas/roster/roster.routes.js';
import { campaignsRoutes } from '../areas/campaigns/campaigns.routes.js';
import { negotiationRoutes } from '../areas/negotiation/negotiation.routes.js';
import { metricsRoutes } from '../areas/metrics/metrics.routes.js';
import { paymentsRoutes } from '../areas/payments/payments.routes.js';
import { notificationsRoutes } from '../areas/notifications/notifications.routes.js';
import { webhooksRoutes } from '../areas/notifications/webhooks.routes.js';

/**
 * Every route table the gateway serves, by area (`areas/<area>/` holds the area's table with its
 * handlers and resolvers). Each table becomes one controller, whose name OpenAPI also lists as a
 * tag of each of its operations, and each route name an OpenAPI operationId.
 */
export const ROUTE_TABLES: Record<string, RouteTable> = {
  identity: identityRoutes,
  roster: rosterRoutes,
  campaigns: campaignsRoutes,
  negotiation: negotiationRoutes,
  metrics: metricsRoutes,
  payments: paymentsRoutes,
  notifications: notificationsRoutes,
  webhooks: webhooksRoutes,
};

function assertUnique(ids: string[]) {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new Error(`route ${id} is declared twice`);
    seen.add(id);
  }
}

/** Every declared route with its name; names (operationIds) and `METHOD path` pairs are unique. */
export function allRoutes(tables: Record<string, RouteTable> = ROUTE_TABLES): (RouteDeclaration & { name: string })[] {
  const routes = Object.values(tables).flatMap((table) => Object.entries(table).map(([name, r]) => ({ ...r, name })));
  assertUnique(routes.map((r) => r.name));
  assertUnique(routes.map(routeKey));
  for (const r of routes) assertRouteFitsContract(r.name, r);
  return routes;
}

export function routeControllers(tables: Record<string, RouteTable> = ROUTE_TABLES): Type<unknown>[] {
  allRoutes(tables);
  return Object.entries(tables).map(([area, table]) => controllerFor(area[0]!.toUpperCase() + area.slice(1), table));
}

export const routeProviders = [RouteRunner];

export { authorize, publicRoute, route, routeKey, type RouteDeclaration, type RouteTable } from './route.js';

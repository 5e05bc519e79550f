import type { RouteTable } from './route.js';

/** Negotiation and creative feedback (API.md). Declare each route here with `route({ ... })`; see README "Adding a route". */
export const negotiationRoutes: RouteTable = {};
